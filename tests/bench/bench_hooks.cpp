// Benchmarks of the provisioning hooks against embyprov-sim: round trips per
// hook, wall time with the server's answers delayed (as over a real network)
// for sequential versus parallel requests, and a billing-cron run of many
// suspensions. Prints a Markdown report; never asserts a timing.
//
// usage: bench_hooks [--latency-ms N] [--media N] [--services N] [--cron-latency-ms N]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "fixture.hpp"

using namespace itest;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    int latency_ms = 20;
    int media = 4;
    int services = 1000;       ///< of the cron run
    int cron_latency_ms = 10;  ///< of the cron run
};

double ms_since(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

HookResult must(HookResult r, const std::string& what)
{
    if (!r.ok())
        throw std::runtime_error(what + " failed: " + r.text);
    return r;
}

/// A service with `media` media accounts and two signed-in devices.
Poco::JSON::Object household(Env& env, const std::string& sid, int media)
{
    auto p = env.params(sid, "u" + sid, "Bench-pass-123");
    p.set("configoption9", std::to_string(media));
    must(env.module.call("create_account", p), "create");
    for (int i = 0; i < media; ++i)
        env.add_media_account(sid, "u" + sid + "-m" + std::to_string(i), true);
    env.emby.sign_in("u" + sid, "Bench-pass-123", "dev-a-" + sid);
    env.emby.sign_in("u" + sid, "Bench-pass-123", "dev-b-" + sid);
    return p;
}

void round_trips(const Options& o)
{
    Env env;
    std::cout << "## Round trips per hook\n\n"
              << "Requests each hook sends to the server, one hook after the other on one library context "
                 "(the first, test_connection, asks the server's type, which the process then remembers). "
                 "Household: 1 main account + "
              << o.media << " media accounts, 2 signed-in devices.\n\n"
              << "| hook | requests | of which writes |\n|---|---:|---:|\n";
    auto run = [&](const std::string& label, const std::string& hook, const Poco::JSON::Object& p) {
        env.emby.clear_requests();
        must(env.module.call(hook, p), label);
        int total = 0, writes = 0;
        for (const auto& r : env.requests()) {
            ++total;
            writes += r.rfind("GET", 0) == 0 ? 0 : 1;
        }
        std::cout << "| " << label << " | " << total << " | " << writes << " |\n";
    };
    auto fresh = env.params("rt-1", "rt-user", "Bench-pass-123");
    run("test_connection", "test_connection", fresh);
    run("create_account (first call)", "create_account", fresh);
    run("create_account (again: converges)", "create_account", fresh);
    auto lib = env.params("rt-2", "rt-lib", "Bench-pass-123");
    lib.set("configoption2", "Movies,Kids");
    run("create_account with a library list", "create_account", lib);
    auto h = household(env, "rt-3", o.media);
    run("suspend_account", "suspend_account", h);
    run("unsuspend_account", "unsuspend_account", h);
    auto pw = h;
    pw.set("password", "Other-pass-456");
    run("change_password", "change_password", pw);
    run("change_package", "change_package", h);
    // The password change signed everyone out; sign two devices in again.
    env.emby.sign_in("urt-3", "Other-pass-456", "dev-a-rt-3");
    env.emby.sign_in("urt-3", "Other-pass-456", "dev-b-rt-3");
    run("drop_devices (2 devices)", "drop_devices", h);
    run("usage_update (whole server)", "usage_update", env.params(""));
    run("list_accounts (whole server)", "list_accounts", env.params(""));
    run("admin_services_tab", "admin_services_tab", h);
    {
        env.emby.clear_requests();
        auto page = env.module.client_area(h, R"({"action":"overview"})");
        if (!page.ok())
            throw std::runtime_error("client_area failed: " + page.text);
        std::cout << "| client_area overview (4 of them in parallel) | " << env.requests().size() << " | 0 |\n";
    }
    run("terminate_account", "terminate_account", h);
    std::cout << "\n";
}

double timed_hook(const Options& o, int max_parallel, const std::string& hook)
{
    // 0: the library's default.
    Env env({}, max_parallel > 0 ? "\"max_parallel\":" + std::to_string(max_parallel) : std::string());
    auto p = household(env, "t-1", o.media);
    must(env.module.call("test_connection", p), "warm-up");
    env.emby.set_faults("{\"latency_ms\":" + std::to_string(o.latency_ms) + "}");
    if (hook == "unsuspend_account")
        must(env.module.call("suspend_account", p), "suspend");
    const auto start = Clock::now();
    must(env.module.call(hook, p), hook);
    return ms_since(start);
}

void parallel_vs_sequential(const Options& o)
{
    std::cout << "## Parallel versus sequential requests\n\n"
              << "Wall time of one hook on a household of 1 + " << o.media
              << " accounts with every server answer delayed by " << o.latency_ms
              << " ms. `max_parallel 1` is the plain sequential way.\n\n"
              << "| hook | max_parallel 1 | default (16) | speed-up |\n|---|---:|---:|---:|\n";
    for (const char* hook : {"suspend_account", "unsuspend_account", "change_package", "terminate_account"}) {
        const double seq = timed_hook(o, 1, hook);
        const double par = timed_hook(o, 0, hook);
        std::cout << "| " << hook << " | " << static_cast<int>(seq) << " ms | " << static_cast<int>(par)
                  << " ms | " << std::fixed << std::setprecision(1) << (par > 0 ? seq / par : 0)
                  << "x |\n" << std::defaultfloat;
    }
    std::cout << "\n";
}

double cron_run(const Options& o, int workers)
{
    Env env;
    std::vector<Poco::JSON::Object> services;
    for (int i = 0; i < o.services; ++i) {
        auto p = env.params("c-" + std::to_string(i), "cron" + std::to_string(i), "Bench-pass-123");
        must(env.module.call("create_account", p), "create");
        services.push_back(p);
    }
    env.emby.set_faults("{\"latency_ms\":" + std::to_string(o.cron_latency_ms) + "}");
    // One context per worker (a context serves one thread at a time), one
    // shared state database: what a panel's parallel cron workers do.
    std::vector<std::unique_ptr<Module>> modules;
    for (int w = 0; w < workers; ++w)
        modules.push_back(std::make_unique<Module>(env.db_path));
    std::atomic<int> next{0};
    std::atomic<int> failures{0};
    std::mutex first_failure_mutex;
    std::string first_failure;
    const auto start = Clock::now();
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w)
        pool.emplace_back([&, w] {
            for (int i = next++; i < o.services; i = next++) {
                const auto r = modules[static_cast<std::size_t>(w)]->call("suspend_account",
                                                                        services[static_cast<std::size_t>(i)]);
                if (!r.ok()) {
                    ++failures;
                    std::lock_guard<std::mutex> lock(first_failure_mutex);
                    if (first_failure.empty())
                        first_failure = r.text;
                }
            }
        });
    for (auto& t : pool)
        t.join();
    if (failures)
        throw std::runtime_error("cron suspensions failed: " + std::to_string(failures.load()) + " with " +
                                 std::to_string(workers) + " workers, the first: " + first_failure);
    return ms_since(start);
}

void cron(const Options& o)
{
    std::cout << "## Billing cron: suspending " << o.services << " services\n\n"
              << "Each service has only its main account; answers delayed by " << o.cron_latency_ms
              << " ms. Workers are separate contexts in one process sharing one SQLite state database "
                 "(and its bound of 16 requests in flight to one server). Limit: a suspend waits for two answers "
                 "(read, then write), so ceil(services / min(workers, 16)) x 2 x the delay.\n\n"
              << "| workers | total | limit | per service | services/s |\n|---:|---:|---:|---:|---:|\n";
    for (int workers : {1, 4, 16, 64}) {
        const double total = cron_run(o, workers);
        const int lanes = std::min(workers, 16);
        const int limit = (o.services + lanes - 1) / lanes * 2 * o.cron_latency_ms;
        std::cout << "| " << workers << " | " << static_cast<int>(total) << " ms | " << limit << " ms | "
                  << std::fixed << std::setprecision(1) << total / o.services << " ms | " << std::setprecision(0)
                  << (o.services * 1000.0 / total) << " |\n" << std::defaultfloat;
    }
    std::cout << "\n";
}

}  // namespace

int main(int argc, char** argv)
{
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const int v = std::atoi(argv[i + 1]);
        if (k == "--latency-ms") o.latency_ms = v;
        else if (k == "--services") o.services = v;
        else if (k == "--cron-latency-ms") o.cron_latency_ms = v;
        else if (k == "--media") o.media = v;
        else {
            std::cerr << "usage: bench_hooks [--latency-ms N] [--media N] [--services N] [--cron-latency-ms N]\n";
            return 2;
        }
    }
    try {
        round_trips(o);
        parallel_vs_sequential(o);
        cron(o);
    } catch (const std::exception& e) {
        std::cerr << "bench_hooks: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
