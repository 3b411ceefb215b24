// Device limits held by the module: the daily run and the opening of the
// client area sign out exactly the least recently used devices beyond the
// product's limit, per account; judged by which tokens the server still
// accepts, not by the module's records.
#include <boost/test/unit_test.hpp>

#include "fixture.hpp"
#include "store.hpp"

using namespace itest;

namespace {

/// The product's device limit (configoption13), enforced (configoption16).
Poco::JSON::Object limited(Poco::JSON::Object p, int limit, bool enforced = true)
{
    p.set("configoption13", std::to_string(limit));
    p.set("configoption16", enforced ? "on" : "");
    return p;
}

/// Signs `user` in on each device in turn (the last is the most recent),
/// returning the tokens by device.
std::map<std::string, std::string> sign_in_on(SimClient& sim, const std::string& user, const std::string& password,
                                              const std::vector<std::string>& devices)
{
    std::map<std::string, std::string> tokens;
    for (const auto& d : devices)
        BOOST_REQUIRE(sim.sign_in(user, password, d, &tokens[d]) == 200);
    return tokens;
}

Poco::JSON::Object::Ptr service_in(const HookResult& usage, const std::string& id)
{
    auto services = usage.json->getArray("services");
    for (std::size_t i = 0; i < services->size(); ++i)
        if (services->getObject(static_cast<unsigned>(i))->getValue<std::string>("serviceid") == id)
            return services->getObject(static_cast<unsigned>(i));
    return nullptr;
}

int deletes(Env& env)
{
    int n = 0;
    for (const auto& r : env.requests())
        n += r.rfind("DELETE /", 0) == 0 && r.find("/Devices") != std::string::npos;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(device_limit)

BOOST_AUTO_TEST_CASE(the_daily_run_signs_out_exactly_the_least_recently_used_devices)
{
    Env env;
    BOOST_REQUIRE(env.module.call("create_account", limited(env.params("41", "user41", "Secret-pass-1"), 2)).ok());
    env.add_media_account("41", "user41-kid", true);
    // Not enforced (the default): left alone.
    BOOST_REQUIRE(env.module.call("create_account", limited(env.params("42", "user42", "Secret-pass-1"), 1, false)).ok());

    auto main = sign_in_on(env.emby, "user41", "Secret-pass-1", {"m-phone", "m-tablet", "m-tv", "m-laptop"});
    BOOST_REQUIRE(env.emby.token_status(main["m-phone"]) == 200);  // the phone is now the most recent
    auto kid = sign_in_on(env.emby, "user41-kid", "Media-pass-123", {"k-one", "k-two"});
    auto other = sign_in_on(env.emby, "user42", "Secret-pass-1", {"o-one", "o-two", "o-three"});

    env.emby.clear_requests();
    auto usage = env.module.call("usage_update", env.params(""));
    BOOST_REQUIRE_MESSAGE(usage.ok(), usage.text);
    auto s41 = service_in(usage, "41");
    BOOST_REQUIRE(s41);
    BOOST_TEST(s41->getValue<int>("signed_out") == 2);
    BOOST_TEST(s41->getValue<int>("devices") == 4);
    BOOST_TEST(service_in(usage, "42")->getValue<int>("signed_out") == 0);
    BOOST_TEST(deletes(env) == 2);

    // Newest first: phone, laptop | tv, tablet.
    BOOST_TEST(env.emby.token_status(main["m-phone"]) == 200);
    BOOST_TEST(env.emby.token_status(main["m-laptop"]) == 200);
    BOOST_TEST(env.emby.token_status(main["m-tv"]) == 401);
    BOOST_TEST(env.emby.token_status(main["m-tablet"]) == 401);
    for (const auto& [device, token] : kid)
        BOOST_TEST(env.emby.token_status(token) == 200, device);
    for (const auto& [device, token] : other)
        BOOST_TEST(env.emby.token_status(token) == 200, device);

    // Within the limit now: the next run changes nothing.
    env.emby.clear_requests();
    auto again = env.module.call("usage_update", env.params(""));
    BOOST_REQUIRE(again.ok());
    BOOST_TEST(service_in(again, "41")->getValue<int>("signed_out") == 0);
    BOOST_TEST(deletes(env) == 0);

    // A package change that turns enforcement on is what the next run holds
    // the service to: user42 keeps only its most recently used device.
    BOOST_REQUIRE(env.emby.token_status(other["o-three"]) == 200);  // used last
    BOOST_REQUIRE(env.module.call("change_package", limited(env.params("42", "user42", "Secret-pass-1"), 1)).ok());
    auto enforced = env.module.call("usage_update", env.params(""));
    BOOST_REQUIRE(enforced.ok());
    BOOST_TEST(service_in(enforced, "42")->getValue<int>("signed_out") == 2);
    BOOST_TEST(env.emby.token_status(other["o-three"]) == 200);
    BOOST_TEST(env.emby.token_status(other["o-one"]) == 401);
    BOOST_TEST(env.emby.token_status(other["o-two"]) == 401);
}

BOOST_AUTO_TEST_CASE(opening_the_client_area_holds_the_limit_and_names_what_it_signed_out)
{
    Env env;
    auto p = limited(env.params("44", "user44", "Secret-pass-1"), 1);
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    p.set("client_area", obj(R"({"form_action":"/service/44","csrf_token":"t0123456789abcdef"})"));
    auto tokens = sign_in_on(env.emby, "user44", "Secret-pass-1", {"Old Phone", "Living Room"});

    auto page = env.module.client_area(p, R"({"action":"overview"})");
    BOOST_REQUIRE_MESSAGE(page.ok(), page.text);
    const std::string html = page.str("html");
    BOOST_TEST(html.find("data-test=\"signed-out-notice\"") != std::string::npos);
    BOOST_TEST(html.find("Old Phone") != std::string::npos);
    BOOST_TEST(env.emby.token_status(tokens["Old Phone"]) == 401);
    BOOST_TEST(env.emby.token_status(tokens["Living Room"]) == 200);

    // The notice stays for a while; nothing more is signed out.
    env.emby.clear_requests();
    auto later = env.module.client_area(p, R"({"action":"overview"})");
    BOOST_TEST(later.str("html").find("Old Phone") != std::string::npos);
    BOOST_TEST(deletes(env) == 0);

    // The reseller turns enforcement off: the page says nothing more, and
    // the daily run (which knows the product only from the store) stops too.
    auto off = limited(p, 1, false);
    auto plain = env.module.client_area(off, R"({"action":"overview"})");
    BOOST_TEST(plain.str("html").find("signed-out-notice") == std::string::npos);
    sign_in_on(env.emby, "user44", "Secret-pass-1", {"Tablet", "Laptop"});
    auto usage = env.module.call("usage_update", env.params(""));
    BOOST_REQUIRE(usage.ok());
    BOOST_TEST(service_in(usage, "44")->getValue<int>("signed_out") == 0);
    BOOST_TEST(service_in(usage, "44")->getValue<int>("devices") == 3);
}

BOOST_AUTO_TEST_CASE(a_lost_answer_or_a_killed_run_still_ends_with_the_limit_held_and_recorded)
{
    Env env;
    auto p = limited(env.params("45", "user45", "Secret-pass-1"), 1);
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    auto tokens = sign_in_on(env.emby, "user45", "Secret-pass-1", {"first", "second", "third"});

    // The server signs "second" out, and the answer is lost.
    env.emby.set_faults(R"({"rules":[{"kind":"reset_after","match":"DELETE /","times":1}]})");
    auto usage = env.module.call("usage_update", env.params(""));
    env.emby.clear_faults();
    BOOST_REQUIRE_MESSAGE(usage.ok(), usage.text);
    auto retry = env.module.call("usage_update", env.params(""));
    BOOST_REQUIRE(retry.ok());
    BOOST_TEST(env.emby.token_status(tokens["first"]) == 401);
    BOOST_TEST(env.emby.token_status(tokens["second"]) == 401);
    BOOST_TEST(env.emby.token_status(tokens["third"]) == 200);
    auto store = embyprov::Store::open("sqlite:" + env.db_path);
    BOOST_TEST(store->device_signouts("45", "").size() == 2u);
    BOOST_TEST(!store->pending_operation("45"));

    // A run killed after recording what it meant to sign out, before the
    // DELETE: the next operation on the service (here a package change)
    // finishes it, so the device is gone and the customer is told.
    auto more = sign_in_on(env.emby, "user45", "Secret-pass-1", {"fourth"});
    const std::string user_id = env.emby.find_user("user45")->getValue<std::string>("Id");
    embyprov::PendingOperation left;
    left.service_id = "45";
    left.kind = "device_limit";
    left.data["devices"] = R"([{"id":"third","user_id":")" + user_id + R"(","username":"user45","name":"third","app":""}])";
    store->save_pending_operation(left);
    auto change = env.module.call("change_package", p);
    BOOST_REQUIRE_MESSAGE(change.ok(), change.text);
    BOOST_TEST(env.emby.token_status(tokens["third"]) == 401);
    BOOST_TEST(env.emby.token_status(more["fourth"]) == 200);
    BOOST_TEST(store->device_signouts("45", "").size() == 3u);
    BOOST_TEST(!store->pending_operation("45"));
}

BOOST_AUTO_TEST_SUITE_END()
