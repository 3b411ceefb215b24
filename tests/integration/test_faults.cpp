// Fault injection: a failure at any step leaves no blank-password user and
// no orphan, and calling the hook again converges.
#include <boost/test/unit_test.hpp>

#include "fixture.hpp"

using namespace itest;

namespace {

/// How many requests a clean create makes on a fresh context.
std::size_t clean_create_requests()
{
    Env env;
    env.emby.clear_requests();
    auto r = env.module.call("create_account", env.params("1", "probe", "Secret-pass-1"));
    if (!r.ok())
        throw std::runtime_error(r.text);
    return env.requests().size();
}

/// The invariant after any create attempt: either there is no such user, or
/// it is complete (its password works, a blank one does not).
void check_no_half_user(Env& env, const std::string& name, bool created)
{
    auto user = env.emby.find_user(name);
    if (!created) {
        BOOST_TEST(!user, "a failed create left user '" << name << "' behind");
        return;
    }
    BOOST_REQUIRE(user);
    BOOST_TEST(env.emby.sign_in(name, "Secret-pass-1", "phone") == 200);
    BOOST_TEST(env.emby.sign_in(name, "", "phone") == 401);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(a_failure_at_every_step_of_create_rolls_back_and_a_retry_converges)
{
    const std::size_t steps = clean_create_requests();
    BOOST_TEST_MESSAGE("create makes " << steps << " requests");
    BOOST_REQUIRE(steps >= 4u);
    for (std::size_t k = 1; k <= steps; ++k) {
        BOOST_TEST_CONTEXT("failing request " << k) {
            Env env;
            env.emby.clear_requests();
            env.emby.set_faults("{\"fail_nth\":" + std::to_string(k) + ",\"fail_status\":500}");
            auto p = env.params("10", "victim", "Secret-pass-1");
            auto first = env.module.call("create_account", p);
            BOOST_TEST(!first.ok());
            BOOST_TEST(!first.error().empty());
            env.emby.clear_faults();
            check_no_half_user(env, "victim", false);
            BOOST_TEST(env.emby.sign_in("victim", "", "phone") == 401);

            auto retry = env.module.call("create_account", p);
            BOOST_REQUIRE_MESSAGE(retry.ok(), retry.text);
            check_no_half_user(env, "victim", true);
            int named = 0;
            for (const auto& n : env.emby.user_names())
                named += n == "victim" ? 1 : 0;
            BOOST_TEST(named == 1);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_dropped_connection_at_every_step_of_create_leaves_no_half_user)
{
    const std::size_t steps = clean_create_requests();
    for (std::size_t k = 1; k <= steps; ++k) {
        BOOST_TEST_CONTEXT("connection reset at request " << k) {
            Env env;
            env.emby.set_faults("{\"reset_nth\":" + std::to_string(k) + "}");
            auto p = env.params("11", "dropped", "Secret-pass-1");
            auto first = env.module.call("create_account", p);
            env.emby.clear_faults();
            check_no_half_user(env, "dropped", first.ok());
            BOOST_TEST(env.module.call("create_account", p).ok());
            check_no_half_user(env, "dropped", true);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_partly_failed_suspend_is_finished_by_the_retry)
{
    Env env;
    auto p = env.params("12", "partial", "Secret-pass-1");
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    env.add_media_account("12", "partial-a", true);
    env.add_media_account("12", "partial-b", false);
    env.emby.set_faults(R"({"fail_nth":1,"match":"POST /Users/","fail_status":500})");
    BOOST_TEST(!env.module.call("suspend_account", p).ok());
    env.emby.clear_faults();
    BOOST_TEST(env.module.call("suspend_account", p).ok());
    for (const char* n : {"partial", "partial-a", "partial-b"})
        BOOST_TEST(env.emby.find_user(n)->getObject("Policy")->getValue<bool>("IsDisabled"), n);
    BOOST_TEST(env.module.call("unsuspend_account", p).ok());
    BOOST_TEST(!env.emby.find_user("partial")->getObject("Policy")->getValue<bool>("IsDisabled"));
    BOOST_TEST(!env.emby.find_user("partial-a")->getObject("Policy")->getValue<bool>("IsDisabled"));
    BOOST_TEST(env.emby.find_user("partial-b")->getObject("Policy")->getValue<bool>("IsDisabled"));
}

BOOST_AUTO_TEST_CASE(a_partly_failed_terminate_is_finished_by_the_retry)
{
    Env env;
    auto p = env.params("13", "gone", "Secret-pass-1");
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    env.add_media_account("13", "gone-a", true);
    env.emby.set_faults(R"({"fail_nth":1,"match":"DELETE /Users/","fail_status":500})");
    BOOST_TEST(!env.module.call("terminate_account", p).ok());
    env.emby.clear_faults();
    BOOST_TEST(env.emby.find_user("gone"));  // the main account stays until the rest is gone
    auto r = env.module.call("terminate_account", p);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    BOOST_TEST(!env.emby.find_user("gone"));
    BOOST_TEST(!env.emby.find_user("gone-a"));
}

BOOST_AUTO_TEST_CASE(a_slow_server_times_out_with_a_clear_code)
{
    Env env({}, "\"timeout_ms\":300");
    env.emby.set_faults(R"({"latency_ms":1200})");
    auto r = env.module.call("create_account", env.params("14", "slow", "Secret-pass-1"));
    BOOST_TEST(r.code == EMBYPROV_ETIMEOUT);
    BOOST_TEST(r.error().find("in time") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(server_errors_become_remote_errors_with_the_servers_words)
{
    Env env;
    env.emby.set_faults(R"({"fail_nth":1,"match":"POST /Users/New","fail_status":503})");
    auto r = env.module.call("create_account", env.params("15", "busy", "Secret-pass-1"));
    BOOST_TEST(r.code == EMBYPROV_EREMOTE);
    BOOST_TEST(r.error().find("HTTP 503") != std::string::npos);
    BOOST_TEST(r.error().find("Simulated failure") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
