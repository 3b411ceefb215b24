// Suspend, unsuspend, terminate, change password/package and drop devices,
// judged by signing in and looking at the server.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <thread>

#include "fixture.hpp"
#include "servers.hpp"

using namespace itest;

namespace {

/// A created service "200" for user "main" with two media accounts: "main-kids"
/// (enabled) and "main-tv" (disabled by the customer).
struct Household {
    explicit Household(Env& e) : env(e), params(e.params("200", "main", "Main-pass-123"))
    {
        params.set("configoption9", "2");
        auto r = env.module.call("create_account", params);
        if (!r.ok())
            throw std::runtime_error(r.text);
        main_id = r.str("user_id");
        kids_id = env.add_media_account("200", "main-kids", true);
        tv_id = env.add_media_account("200", "main-tv", false);
    }
    bool disabled(const std::string& name)
    {
        return env.emby.find_user(name)->getObject("Policy")->getValue<bool>("IsDisabled");
    }
    Env& env;
    Poco::JSON::Object params;
    std::string main_id, kids_id, tv_id;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(lifecycle)

BOOST_AUTO_TEST_CASE(suspend_disables_everyone_and_unsuspend_restores_each)
{
    Env env;
    Household h(env);
    std::string token;
    BOOST_REQUIRE(env.emby.sign_in("main-kids", "Media-pass-123", "kids-tablet", &token) == 200);

    auto s = env.module.call("suspend_account", h.params);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.text);
    BOOST_TEST(s.str("accounts") == "3");
    BOOST_TEST(h.disabled("main"));
    BOOST_TEST(h.disabled("main-kids"));
    BOOST_TEST(h.disabled("main-tv"));
    BOOST_TEST(env.emby.sign_in("main", "Main-pass-123", "phone") == env.disabled_sign_in());
    BOOST_TEST(env.emby.token_status(token) == 401);  // signed out

    // Cron retries must be harmless, and must not overwrite what was saved.
    BOOST_TEST(env.module.call("suspend_account", h.params).ok());

    auto u = env.module.call("unsuspend_account", h.params);
    BOOST_REQUIRE_MESSAGE(u.ok(), u.text);
    BOOST_TEST(!h.disabled("main"));
    BOOST_TEST(!h.disabled("main-kids"));
    BOOST_TEST(h.disabled("main-tv"));  // the customer's own choice stays
    BOOST_TEST(env.emby.sign_in("main", "Main-pass-123", "phone") == 200);
    BOOST_TEST(env.module.call("unsuspend_account", h.params).ok());
    BOOST_TEST(!h.disabled("main"));
}

// Hosts that cannot be entered from other threads (PHP) log every exchange
// and still get parallel requests: the callback runs on the calling thread.
BOOST_AUTO_TEST_CASE(a_logged_suspend_overlaps_its_requests_and_logs_on_the_calling_thread)
{
    Env env;
    auto params = env.params("210", "big", "Main-pass-123");
    params.set("configoption9", "4");
    BOOST_REQUIRE(env.module.call("create_account", params).ok());
    for (const char* name : {"big-a", "big-b", "big-c", "big-d"})
        env.add_media_account("210", name, true);
    const std::size_t logged_before = env.module.log().size();
    env.emby.clear_requests();
    env.emby.set_faults(R"({"latency_ms":50})");
    auto s = env.module.call("suspend_account", params);
    env.emby.clear_faults();
    BOOST_REQUIRE_MESSAGE(s.ok(), s.text);
    BOOST_TEST(s.str("accounts") == "5");

    int api_requests = 0, most_in_flight = 0;
    for (const auto& r : env.emby.requests())
        if (r.path.rfind("/__sim", 0) != 0) {
            ++api_requests;
            most_in_flight = std::max(most_in_flight, r.in_flight);
        }
    BOOST_TEST(api_requests >= 10);     // five reads, five writes
    BOOST_TEST(most_in_flight >= 1);    // some overlapped on the server
    const auto log = env.module.log();
    BOOST_TEST(log.size() - logged_before == static_cast<std::size_t>(api_requests));
    for (std::size_t i = logged_before; i < log.size(); ++i)
        BOOST_TEST((log[i].thread == std::this_thread::get_id()), log[i].action << " logged on another thread");
}

// A 1 + 15 household: every account read at once, then every account
// written at once (max_parallel and server_connections are 16 by default),
// and never more than server_connections requests in flight to the server.
BOOST_AUTO_TEST_CASE(a_household_suspends_in_two_waves_within_the_servers_connection_cap)
{
    Env env;
    auto params = env.params("211", "huge", "Main-pass-123");
    params.set("configoption9", "15");
    BOOST_REQUIRE(env.module.call("create_account", params).ok());
    for (int i = 0; i < 15; ++i)
        env.add_media_account("211", "huge-" + std::to_string(i), true);
    const auto most_in_flight = [&env] {
        int most = 0;
        for (const auto& r : env.emby.requests())
            if (r.path.rfind("/__sim", 0) != 0)
                most = std::max(most, r.in_flight);
        return most;
    };
    env.emby.clear_requests();
    env.emby.set_faults(R"({"latency_ms":50})");
    auto s = env.module.call("suspend_account", params);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.text);
    BOOST_TEST(s.str("accounts") == "16");
    BOOST_TEST(most_in_flight() >= 8);  // far past the old fixed 4

    Module capped(env.db_path, R"("server_connections":3)");
    env.emby.clear_requests();
    auto u = capped.call("unsuspend_account", params);
    env.emby.clear_faults();
    BOOST_REQUIRE_MESSAGE(u.ok(), u.text);
    BOOST_TEST(most_in_flight() <= 2);  // itself and two others at most
    BOOST_TEST(most_in_flight() >= 1);
}

BOOST_AUTO_TEST_CASE(terminate_removes_every_user_and_keeps_a_terminated_record)
{
    Env env;
    Household h(env);
    auto t = env.module.call("terminate_account", h.params);
    BOOST_REQUIRE_MESSAGE(t.ok(), t.text);
    BOOST_TEST(t.str("removed") == "3");
    for (const char* name : {"main", "main-kids", "main-tv"})
        BOOST_TEST(!env.emby.find_user(name), name << " still exists");
    auto again = env.module.call("terminate_account", h.params);
    BOOST_TEST(again.ok());
    BOOST_TEST(again.str("removed") == "0");
    auto tab = env.module.call("admin_services_tab", h.params);
    BOOST_TEST(tab.json->getObject("fields")->getValue<std::string>("Module status") == "terminated");
    BOOST_TEST(env.module.call("suspend_account", h.params).code == EMBYPROV_ESTATE);
    // A terminated service can be bought again.
    BOOST_TEST(env.module.call("create_account", h.params).ok());
    BOOST_TEST(env.emby.sign_in("main", "Main-pass-123", "phone") == 200);
}

BOOST_AUTO_TEST_CASE(terminate_drops_emby_connect_links, *emby_only())
{
    Env env;
    Household h(env);
    std::string body;
    const std::string key = env.sim.api_key();
    BOOST_REQUIRE(env.emby.send("POST", "/emby/Users/" + h.main_id + "/Connect/Link?ConnectUsername=alice", "",
                                body, key) == 200);
    BOOST_REQUIRE(env.emby.find_user("main")->getValue<std::string>("ConnectUserName") == "alice");
    BOOST_REQUIRE(env.module.call("terminate_account", h.params).ok());
    // The Connect account is free again: linking it elsewhere is no conflict.
    const std::string other = env.emby.create_user("other", "Other-pass-123");
    BOOST_TEST(env.emby.send("POST", "/emby/Users/" + other + "/Connect/Link?ConnectUsername=alice", "", body,
                             key) == 200);
}

BOOST_AUTO_TEST_CASE(change_password_switches_passwords_and_ends_other_sessions)
{
    Env env;
    Household h(env);
    std::string tv;
    BOOST_REQUIRE(env.emby.sign_in("main", "Main-pass-123", "living-room", &tv) == 200);
    auto p = h.params;
    p.set("password", "Brand-new-456");
    auto r = env.module.call("change_password", p);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    BOOST_TEST(env.emby.sign_in("main", "Main-pass-123", "phone") == 401);
    BOOST_TEST(env.emby.sign_in("main", "Brand-new-456", "phone") == 200);
    BOOST_TEST(env.emby.token_status(tv) == 401);
    p.set("password", "short");
    BOOST_TEST(env.module.call("change_password", p).code == EMBYPROV_EINVALID);
    BOOST_TEST(env.emby.sign_in("main", "Brand-new-456", "phone") == 200);
}

BOOST_AUTO_TEST_CASE(change_password_works_on_servers_that_insist_on_the_current_one, *emby_only())
{
    Env env({"--strict-current-password"});
    auto p = env.params("300", "strict", "First-pass-123");
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    p.set("password", "Second-pass-456");
    auto r = env.module.call("change_password", p);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    BOOST_TEST(env.emby.sign_in("strict", "Second-pass-456", "phone") == 200);
    BOOST_TEST(env.emby.sign_in("strict", "", "phone") == 401);
    BOOST_TEST(env.emby.sign_in("strict", "First-pass-123", "phone") == 401);
}

BOOST_AUTO_TEST_CASE(change_package_reapplies_libraries_and_enforces_the_quota)
{
    Env env;
    Household h(env);
    auto down = h.params;
    down.set("configoption2", "Music");
    down.set("configoption9", "0");
    auto r = env.module.call("change_package", down);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    BOOST_TEST(r.str("disabled_over_quota") == "2");
    BOOST_TEST(env.emby.views(h.main_id) == std::vector<std::string>{"Music"});
    BOOST_TEST(env.emby.views(h.kids_id) == std::vector<std::string>{"Music"});
    BOOST_TEST(h.disabled("main-kids"));  // over quota: disabled, not deleted
    BOOST_TEST(!h.disabled("main"));

    auto up = h.params;
    up.set("configoption9", "1");
    r = env.module.call("change_package", up);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    BOOST_TEST(r.str("disabled_over_quota") == "1");
    BOOST_TEST(!h.disabled("main-kids"));  // oldest comes back first
    BOOST_TEST(h.disabled("main-tv"));
    BOOST_TEST(env.emby.views(h.main_id).size() == 4u);

    // The same product again reads every account and writes none.
    env.emby.clear_requests();
    r = env.module.call("change_package", up);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    int reads = 0, writes = 0;
    for (const auto& q : env.emby.requests()) {
        reads += q.method == "GET" && q.path.find("/Users/") != std::string::npos;
        writes += q.method == "POST";
    }
    BOOST_TEST(reads == 3);
    BOOST_TEST(writes == 0);
    BOOST_TEST(!h.disabled("main-kids"));
    BOOST_TEST(h.disabled("main-tv"));
}

// The library list is read beside the accounts, not before them; a product
// that names a library the server lacks still writes no policy at all.
BOOST_AUTO_TEST_CASE(change_package_reads_the_libraries_beside_the_accounts)
{
    Env env;
    Household h(env);
    auto p = h.params;
    p.set("configoption2", "Movies,TV Shows");
    env.emby.clear_requests();
    env.emby.set_faults(R"({"latency_ms":50})");
    auto r = env.module.call("change_package", p);
    env.emby.clear_faults();
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    int most_reads_in_flight = 0;
    for (const auto& q : env.emby.requests())
        if (q.method == "GET" && q.path.rfind("/__sim", 0) != 0)
            most_reads_in_flight = std::max(most_reads_in_flight, q.in_flight);
    BOOST_TEST(most_reads_in_flight >= 3);  // the list and three accounts at once

    p.set("configoption2", "Movies,No Such Library");
    env.emby.clear_requests();
    auto bad = env.module.call("change_package", p);
    BOOST_TEST(bad.code == EMBYPROV_EINVALID, bad.text);
    BOOST_TEST(bad.error().find("No Such Library") != std::string::npos, bad.text);
    int writes = 0;
    for (const auto& q : env.emby.requests())
        writes += q.method == "POST";
    BOOST_TEST(writes == 0);
    BOOST_TEST(env.emby.views(h.main_id).size() == 2u);
}

BOOST_AUTO_TEST_CASE(drop_devices_signs_out_the_service_and_nobody_else)
{
    Env env;
    Household h(env);
    env.emby.create_user("neighbour", "Neighbour-123");
    std::string phone, tablet, other;
    BOOST_REQUIRE(env.emby.sign_in("main", "Main-pass-123", "phone", &phone) == 200);
    BOOST_REQUIRE(env.emby.sign_in("main-kids", "Media-pass-123", "tablet", &tablet) == 200);
    BOOST_REQUIRE(env.emby.sign_in("neighbour", "Neighbour-123", "their-tv", &other) == 200);
    auto r = env.module.call("drop_devices", h.params);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    BOOST_TEST(r.str("devices") == "2");
    BOOST_TEST(env.emby.token_status(phone) == 401);
    BOOST_TEST(env.emby.token_status(tablet) == 401);
    BOOST_TEST(env.emby.token_status(other) == 200);
    BOOST_TEST(env.emby.devices_of(h.main_id).empty());
    BOOST_TEST(env.emby.sign_in("main", "Main-pass-123", "phone") == 200);  // not locked out
}

BOOST_AUTO_TEST_CASE(hooks_on_unknown_services_say_so)
{
    Env env;
    auto p = env.params("999", "nobody", "Whatever-123");
    BOOST_TEST(env.module.call("suspend_account", p).code == EMBYPROV_ENOTFOUND);
    BOOST_TEST(env.module.call("change_password", p).code == EMBYPROV_ENOTFOUND);
    BOOST_TEST(env.module.call("drop_devices", p).code == EMBYPROV_ENOTFOUND);
    BOOST_TEST(env.module.call("terminate_account", p).ok());  // nothing to remove
    auto missing = env.params("");
    missing.remove("serviceid");
    BOOST_TEST(env.module.call("suspend_account", missing).code == EMBYPROV_EINVALID);
}

// Emby 3.5 answers an empty success with 204, the Emby 4.8 spec declares 200;
// which one 4.8 sends is not known, so the module must take both.
BOOST_AUTO_TEST_CASE(the_household_lifecycle_works_when_empty_successes_are_200, *emby_only())
{
    Env env({"--empty-200"});
    Household h(env);
    std::string token;
    BOOST_REQUIRE(env.emby.sign_in("main", "Main-pass-123", "phone", &token) == 200);
    auto s = env.module.call("suspend_account", h.params);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.text);
    BOOST_TEST(h.disabled("main"));
    BOOST_TEST(h.disabled("main-kids"));
    BOOST_TEST(env.emby.token_status(token) == 401);
    auto u = env.module.call("unsuspend_account", h.params);
    BOOST_REQUIRE_MESSAGE(u.ok(), u.text);
    BOOST_TEST(!h.disabled("main"));
    BOOST_TEST(h.disabled("main-tv"));
    h.params.set("password", "Main-new-456");
    auto pw = env.module.call("change_password", h.params);
    BOOST_REQUIRE_MESSAGE(pw.ok(), pw.text);
    BOOST_TEST(env.emby.sign_in("main", "Main-new-456", "tv", &token) == 200);
    auto drop = env.module.call("drop_devices", h.params);
    BOOST_REQUIRE_MESSAGE(drop.ok(), drop.text);
    BOOST_TEST(env.emby.token_status(token) == 401);
    auto t = env.module.call("terminate_account", h.params);
    BOOST_REQUIRE_MESSAGE(t.ok(), t.text);
    BOOST_TEST(!env.emby.find_user("main"));
    BOOST_TEST(!env.emby.find_user("main-kids"));
    BOOST_TEST(!env.emby.find_user("main-tv"));
}

BOOST_AUTO_TEST_SUITE_END()
