// create_account against the simulator, judged by what the server says.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "fixture.hpp"
#include "servers.hpp"

using namespace itest;

BOOST_AUTO_TEST_SUITE(create)

BOOST_AUTO_TEST_CASE(creates_a_user_that_signs_in_with_its_password_only)
{
    Env env;
    auto r = env.module.call("create_account", env.params("100", "jane", "Secret-pass-1"));
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    auto user = env.emby.find_user("jane");
    BOOST_REQUIRE(user);
    BOOST_TEST(r.str("user_id") == user->getValue<std::string>("Id"));
    BOOST_TEST(user->getValue<bool>("HasConfiguredPassword"));
    BOOST_TEST(env.emby.sign_in("jane", "Secret-pass-1", "phone") == 200);
    BOOST_TEST(env.emby.sign_in("jane", "", "phone") == 401);
    BOOST_TEST(env.emby.sign_in("jane", "wrong-pass", "phone") == 401);
    BOOST_TEST(!r.json->has("password"));  // nothing generated, nothing echoed
    auto policy = user->getObject("Policy");
    BOOST_TEST(!policy->getValue<bool>("IsAdministrator"));
    BOOST_TEST(!policy->getValue<bool>("IsDisabled"));
    BOOST_TEST(env.stream_limit(*policy) == (env.jellyfin ? -1 : 2));
}

BOOST_AUTO_TEST_CASE(product_libraries_are_granted_by_guid_and_the_user_sees_only_them)
{
    Env env;
    auto p = env.params("101", "kim", "Secret-pass-1");
    p.set("configoption2", "Movies, kids");
    p.set("configoption4", "3");
    auto r = env.module.call("create_account", p);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    auto views = env.emby.views(r.str("user_id"));
    std::sort(views.begin(), views.end());
    BOOST_TEST(views == (std::vector<std::string>{"Kids", "Movies"}));
    auto policy = env.emby.find_user("kim")->getObject("Policy");
    BOOST_TEST(!policy->getValue<bool>("EnableAllFolders"));
    BOOST_TEST(env.stream_limit(*policy) == (env.jellyfin ? -1 : 3));
}

BOOST_AUTO_TEST_CASE(an_empty_password_is_generated_and_returned_once)
{
    Env env;
    auto r = env.module.call("create_account", env.params("102", "gen"));
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    const std::string pw = r.str("password");
    BOOST_TEST(pw.size() == 16u);
    BOOST_TEST(env.emby.sign_in("gen", pw, "phone") == 200);
}

BOOST_AUTO_TEST_CASE(calling_create_again_converges_without_a_second_user)
{
    Env env;
    auto p = env.params("103", "twice", "Secret-pass-1");
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    const auto before = env.emby.user_names().size();
    p.set("password", "Other-pass-2");
    auto again = env.module.call("create_account", p);
    BOOST_REQUIRE_MESSAGE(again.ok(), again.text);
    BOOST_TEST(again.str("converged") == "true");
    BOOST_TEST(env.emby.user_names().size() == before);
    BOOST_TEST(env.emby.sign_in("twice", "Other-pass-2", "phone") == 200);
}

BOOST_AUTO_TEST_CASE(a_name_owned_by_someone_else_is_refused_and_left_alone)
{
    Env env;
    const std::string foreign = env.emby.create_user("Taken", "Theirs-123456");
    auto r = env.module.call("create_account", env.params("104", "taken", "Secret-pass-1"));
    BOOST_TEST(r.code == EMBYPROV_EEXISTS);
    BOOST_TEST(r.error().find("already taken") != std::string::npos);
    BOOST_TEST(env.emby.sign_in("Taken", "Theirs-123456", "phone") == 200);
    BOOST_TEST(env.emby.find_user("taken")->getValue<std::string>("Id") == foreign);
}

// The servers compare names case-insensitively beyond ASCII: "müller" is
// the "MÜLLER" someone else owns, on Emby and on Jellyfin 10.11 and 12.
BOOST_AUTO_TEST_CASE(a_name_taken_in_another_unicode_case_is_refused_and_left_alone)
{
    const std::vector<std::vector<std::string>> servers = {
        {"--flavor", "emby"}, {"--flavor", "jellyfin"}, {"--flavor", "jellyfin", "--server-version", "12.0"}};
    for (const auto& args : servers) {
        Env env(args);
        const std::string foreign = env.emby.create_user("MÜLLER", "Theirs-123456");
        const auto before = env.emby.user_names().size();
        auto r = env.module.call("create_account", env.params("105", "müller", "Secret-pass-1"));
        BOOST_TEST(r.code == EMBYPROV_EEXISTS, r.text);
        BOOST_TEST(r.error().find("already taken") != std::string::npos);
        BOOST_TEST(env.emby.user_names().size() == before);  // the half-made user is gone again
        BOOST_TEST(env.emby.sign_in("MÜLLER", "Theirs-123456", "phone") == 200);
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_before_anything_is_created)
{
    Env env;
    env.emby.clear_requests();
    auto typo = env.params("105", "lib", "Secret-pass-1");
    typo.set("configoption2", "Movies,Cartoons");
    auto r = env.module.call("create_account", typo);
    BOOST_TEST(r.code == EMBYPROV_EINVALID);
    BOOST_TEST(r.error().find("'Cartoons'") != std::string::npos);
    for (const auto& req : env.requests())
        BOOST_TEST(req.rfind("POST", 0) != 0, "unexpected write: " << req);

    BOOST_TEST(env.module.call("create_account", env.params("105", "<b>x</b>", "Secret-pass-1")).code ==
               EMBYPROV_EINVALID);
    BOOST_TEST(env.module.call("create_account", env.params("105", "short", "abc")).code == EMBYPROV_EINVALID);
    auto no_server = env.params("105", "x", "Secret-pass-1");
    no_server.remove("serverhostname");
    BOOST_TEST(env.module.call("create_account", no_server).code == EMBYPROV_EINVALID);
    BOOST_TEST(!env.emby.find_user("lib"));
}

BOOST_AUTO_TEST_CASE(a_template_user_is_the_base_of_the_policy)
{
    Env env;
    const std::string tmpl = env.emby.create_user("template", "Template-123");
    std::string body;
    env.emby.send("GET", "/emby/Users/" + tmpl, "", body, env.sim.api_key());
    auto policy = obj(body)->getObject("Policy");
    policy->set("MaxParentalRating", 12);
    policy->set("IsAdministrator", true);
    std::ostringstream text;
    policy->stringify(text);
    env.emby.send("POST", "/emby/Users/" + tmpl + "/Policy", text.str(), body, env.sim.api_key());

    auto p = env.params("106", "fromtmpl", "Secret-pass-1");
    p.set("configoption3", "template");
    auto r = env.module.call("create_account", p);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    auto got = env.emby.find_user("fromtmpl")->getObject("Policy");
    BOOST_TEST(got->getValue<int>("MaxParentalRating") == 12);
    BOOST_TEST(!got->getValue<bool>("IsAdministrator"));  // never inherited

    p.set("configoption3", "nobody");
    p.set("serviceid", "107");
    p.set("username", "x107");
    BOOST_TEST(env.module.call("create_account", p).code == EMBYPROV_EINVALID);
}

BOOST_AUTO_TEST_CASE(an_admin_login_covers_servers_that_refuse_api_key_password_calls, *emby_only())
{
    // Emby 4.3-era servers answer 500 to POST /Users/{id}/Password made with
    // a bare API key (emby-api.md §2.4).
    Env env({"--api-key-user-update-500"});
    auto key_only = env.params("110", "keyonly", "Secret-pass-1");
    auto r = env.module.call("create_account", key_only);
    BOOST_TEST(!r.ok());
    BOOST_TEST(!env.emby.find_user("keyonly"));  // rolled back, not left blank

    auto with_admin = env.params("111", "withadmin", "Secret-pass-1");
    with_admin.set("serverusername", "admin");
    with_admin.set("serverpassword", "admin");
    r = env.module.call("create_account", with_admin);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    BOOST_TEST(env.emby.sign_in("withadmin", "Secret-pass-1", "phone") == 200);
    with_admin.set("password", "Changed-pass-2");
    BOOST_TEST(env.module.call("change_password", with_admin).ok());
    BOOST_TEST(env.emby.sign_in("withadmin", "Changed-pass-2", "phone") == 200);
    for (const auto& line : env.module.log())
        BOOST_TEST(line.request.find("\"admin\"}") == std::string::npos, line.request);
}

BOOST_AUTO_TEST_CASE(an_admin_login_alone_is_enough)
{
    Env env;
    auto p = env.params("112", "adminonly", "Secret-pass-1");
    p.remove("serveraccesshash");
    p.set("serverusername", "admin");
    p.set("serverpassword", "admin");
    auto r = env.module.call("create_account", p);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    BOOST_TEST(env.emby.sign_in("adminonly", "Secret-pass-1", "phone") == 200);
    p.set("serverpassword", "wrong");
    p.set("serviceid", "113");
    p.set("username", "adminonly2");
    BOOST_TEST(env.module.call("create_account", p).code == EMBYPROV_EAUTH);
}

// Jellyfin refuses names outside its character set (400 on create or
// rename): the module says so before it writes anything; Emby takes them.
BOOST_AUTO_TEST_CASE(a_name_jellyfin_cannot_hold_is_refused_before_anything_is_written)
{
    for (const std::string version : {"10.11", "12.0"}) {
        Env env({"--flavor", "jellyfin", "--server-version", version});
        const auto before = env.emby.user_names().size();
        env.emby.clear_requests();
        auto r = env.module.call("create_account", env.params("106", "tv&co", "Secret-pass-1"));
        BOOST_TEST(r.code == EMBYPROV_EINVALID, r.text);
        BOOST_TEST(r.error().find("Jellyfin allows only") != std::string::npos, r.text);
        for (const auto& req : env.requests())
            BOOST_TEST(req.rfind("POST", 0) != 0, "unexpected write: " << req);
        BOOST_TEST(env.emby.user_names().size() == before);
    }
    Env emby({"--flavor", "emby"});
    auto ok = emby.module.call("create_account", emby.params("106", "tv&co", "Secret-pass-1"));
    BOOST_REQUIRE_MESSAGE(ok.ok(), ok.text);
    BOOST_TEST(emby.emby.sign_in("tv&co", "Secret-pass-1", "phone") == 200);
}

BOOST_AUTO_TEST_SUITE_END()
