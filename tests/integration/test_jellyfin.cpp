// The same lifecycle on a Jellyfin server: found out by asking the server,
// libraries granted by item id, no Emby Connect.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <sstream>

#include "fixture.hpp"

using namespace itest;

namespace {

bool refused(int status)
{
    return status == 401 || status == 403;  // Jellyfin answers 403 for disabled users
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jellyfin)

void whole_lifecycle(const std::string& version)
{
    Env env({"--flavor", "jellyfin", "--server-version", version});
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
    BOOST_TEST(policy->getValue<int>("MaxActiveSessions") == 0);  // it limits sign-ins, not streams
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
    // Nothing left to sign out: Jellyfin 12 answers 400 for an unknown device.
    auto again = env.module.call("drop_devices", p);
    BOOST_REQUIRE_MESSAGE(again.ok(), again.text);

    auto t = env.module.call("terminate_account", p);
    BOOST_REQUIRE_MESSAGE(t.ok(), t.text);
    BOOST_TEST(!env.emby.find_user("jelly"));
}

BOOST_AUTO_TEST_CASE(the_whole_lifecycle_works_on_jellyfin_10_11)
{
    whole_lifecycle("10.11");
}

BOOST_AUTO_TEST_CASE(the_whole_lifecycle_works_on_jellyfin_12_without_the_emby_prefix)
{
    whole_lifecycle("12.0");
}

// Jellyfin's MaxActiveSessions refuses sign-ins beyond the number of
// signed-in devices, even a new sign-in on the same device: the product's
// stream limit must never lock a customer out.
BOOST_AUTO_TEST_CASE(a_stream_limit_of_one_never_locks_sign_ins)
{
    for (const std::string version : {"10.11", "12.0"}) {
        Env env({"--flavor", "jellyfin", "--server-version", version});
        auto p = env.params("510", "onestream", "One-stream-123");
        p.set("configoption4", "1");
        auto r = env.module.call("create_account", p);
        BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
        BOOST_TEST(env.emby.sign_in("onestream", "One-stream-123", "phone") == 200);
        BOOST_TEST(env.emby.sign_in("onestream", "One-stream-123", "tv") == 200);
        BOOST_TEST(env.emby.sign_in("onestream", "One-stream-123", "phone") == 200);
    }
}

// A template user's sign-in rules (allowed devices, a lockout, an LDAP
// provider that is not installed) are the template's own; copied, every
// sign-in of the new customer would fail.
void template_restrictions(const std::string& version)
{
    Env env({"--flavor", "jellyfin", "--server-version", version});
    const std::string tmpl = env.emby.create_user("template", "Template-123");
    std::string body;
    BOOST_REQUIRE(env.emby.send("GET", "/Users/" + tmpl, "", body, env.sim.api_key()) == 200);
    auto policy = obj(body)->getObject("Policy");
    Poco::JSON::Array::Ptr devices = new Poco::JSON::Array;
    devices->add("template-tv");
    policy->set("EnableAllDevices", false);
    policy->set("EnabledDevices", devices);
    policy->set("LoginAttemptsBeforeLockout", 1);
    policy->set("AuthenticationProviderId", "Jellyfin.Plugin.Ldap.LdapAuthenticationProviderPlugin");
    policy->set("MaxActiveSessions", 1);
    policy->set("MaxParentalRating", 12);
    std::ostringstream text;
    policy->stringify(text);
    BOOST_REQUIRE(env.emby.send("POST", "/Users/" + tmpl + "/Policy", text.str(), body, env.sim.api_key()) <
                  300);
    BOOST_TEST(refused(env.emby.sign_in("template", "Template-123", "phone")));  // the restrictions bite

    auto p = env.params("520", "fromtmpl", "From-tmpl-123");
    p.set("configoption3", "template");
    auto r = env.module.call("create_account", p);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    auto got = env.emby.find_user("fromtmpl")->getObject("Policy");
    BOOST_TEST(got->getValue<int>("MaxParentalRating") == 12);  // content rules are copied
    BOOST_TEST(got->getValue<std::string>("AuthenticationProviderId") ==
               "Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider");
    BOOST_TEST(got->getValue<bool>("EnableAllDevices"));
    // One wrong password does not lock the customer out (the template's limit was 1).
    BOOST_TEST(env.emby.sign_in("fromtmpl", "wrong", "phone") == 401);
    BOOST_TEST(env.emby.sign_in("fromtmpl", "From-tmpl-123", "phone") == 200);
    BOOST_TEST(env.emby.sign_in("fromtmpl", "From-tmpl-123", "tv") == 200);
}

BOOST_AUTO_TEST_CASE(a_templates_sign_in_restrictions_are_not_copied_10_11)
{
    template_restrictions("10.11");
}

BOOST_AUTO_TEST_CASE(a_templates_sign_in_restrictions_are_not_copied_12)
{
    template_restrictions("12.0");  // where a reached lockout also disables
}

BOOST_AUTO_TEST_SUITE_END()
