// The same lifecycle on a Jellyfin server: found out by asking the server,
// libraries granted by item id, no Emby Connect.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "fixture.hpp"

using namespace itest;

namespace {

bool refused(int status)
{
    return status == 401 || status == 403;  // Jellyfin answers 403 for disabled users
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jellyfin)

BOOST_AUTO_TEST_CASE(the_whole_lifecycle_works_on_jellyfin)
{
    Env env({"--flavor", "jellyfin"});
    auto probe = env.module.call("test_connection", env.params(""));
    BOOST_REQUIRE_MESSAGE(probe.ok(), probe.text);
    BOOST_TEST(probe.json->getObject("server")->getValue<std::string>("flavour") == "jellyfin");

    auto p = env.params("500", "jelly", "Jelly-pass-123");
    p.set("configoption2", "Movies,Music");
    p.set("configoption4", "2");
    auto r = env.module.call("create_account", p);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    auto views = env.emby.views(r.str("user_id"));
    std::sort(views.begin(), views.end());
    BOOST_TEST(views == (std::vector<std::string>{"Movies", "Music"}));
    auto policy = env.emby.find_user("jelly")->getObject("Policy");
    BOOST_TEST(policy->getValue<int>("MaxActiveSessions") == 2);
    BOOST_TEST(!policy->has("SimultaneousStreamLimit"));
    BOOST_TEST(env.emby.sign_in("jelly", "Jelly-pass-123", "phone") == 200);
    BOOST_TEST(refused(env.emby.sign_in("jelly", "", "phone")));

    BOOST_REQUIRE(env.module.call("suspend_account", p).ok());
    BOOST_TEST(refused(env.emby.sign_in("jelly", "Jelly-pass-123", "phone")));
    BOOST_REQUIRE(env.module.call("unsuspend_account", p).ok());
    std::string token;
    BOOST_TEST(env.emby.sign_in("jelly", "Jelly-pass-123", "tv", &token) == 200);

    p.set("password", "Jelly-new-456");
    auto pw = env.module.call("change_password", p);
    BOOST_REQUIRE_MESSAGE(pw.ok(), pw.text);
    BOOST_TEST(env.emby.sign_in("jelly", "Jelly-new-456", "tv", &token) == 200);
    auto drop = env.module.call("drop_devices", p);
    BOOST_REQUIRE_MESSAGE(drop.ok(), drop.text);
    BOOST_TEST(env.emby.token_status(token) == 401);

    auto t = env.module.call("terminate_account", p);
    BOOST_REQUIRE_MESSAGE(t.ok(), t.text);
    BOOST_TEST(!env.emby.find_user("jelly"));
}

BOOST_AUTO_TEST_SUITE_END()
