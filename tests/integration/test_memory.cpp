// Memory a hostile server can make a call take: answers packed as densely as
// JSON allows, measured as the peak resident size of a host process (the
// CLI) running one hook, against the same host reading a small answer. And
// what a host sees when memory runs out in the middle of a call.
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include "echo_server.hpp"
#include "embyprov/embyprov.h"

using namespace itest;

namespace {

constexpr long kCap = 4 * 1024 * 1024;  // max_answer_bytes in these runs

struct Run {
    int exit_code = -1;
    long peak_kib = 0;
};

/// The CLI's exit code and peak resident size for one list_accounts call.
Run run_cli(const EchoServer& server, const std::string& dir)
{
    const char* cli = std::getenv("EMBYPROV_CLI");
    BOOST_REQUIRE_MESSAGE(cli, "EMBYPROV_CLI must name embyprov-cli");
    const std::string params = dir + "/params.json";
    std::ofstream(params) << R"({"serverhostname":"127.0.0.1","serverport":)" << server.port()
                          << R"(,"serversecure":"","serveraccesshash":"0123456789abcdef"})";
    const std::string config = R"({"database":"sqlite:)" + dir + R"(/state.db","max_answer_bytes":)" +
                               std::to_string(kCap) + "}";
    std::vector<std::string> args = {cli, "call", "list_accounts", "--params", params, "--config", config};
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(&a[0]);
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    Run r;
    int status = 0;
    struct rusage usage {};
    BOOST_REQUIRE(::wait4(pid, &status, 0, &usage) == pid);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.peak_kib = usage.ru_maxrss;
    return r;
}

/// The process's data size (VmData, which RLIMIT_DATA bounds), in bytes.
long data_bytes()
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmData:", 0) == 0)
            return std::atol(line.c_str() + 7) * 1024;
    return -1;
}

std::string repeated(const std::string& head, const std::string& item, const std::string& tail, long size)
{
    std::string out = head;
    while (static_cast<long>(out.size() + item.size() + 1 + tail.size()) < size)
        out += (out.size() > head.size() ? "," : "") + item;
    return out + tail;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(adversarial)

BOOST_AUTO_TEST_CASE(a_dense_answer_takes_at_most_a_small_multiple_of_the_body_cap)
{
    const std::string dir = Poco::TemporaryFile::tempName();
    Poco::File(dir).createDirectories();
    EchoServer server;
    server.answer_path("/System/Info/Public", 200, "application/json",
                       R"({"Id":"e1","ServerName":"dense","Version":"4.8.0.0"})");
    server.answer_path("/Users/Query", 200, "application/json", R"({"Items":[{"Id":"1","Name":"a"}]})");
    const Run small = run_cli(server, dir);
    BOOST_TEST(small.exit_code == 0);

    // Each just under the cap: many tiny users; one user whose policy has
    // a key per few bytes; a list nested as deep as the bytes allow.
    const std::vector<std::pair<const char*, std::string>> dense = {
        {"users", repeated(R"({"Items":[)", R"({"Id":"1"})", "]}", kCap)},
        {"keys", repeated(R"({"Items":[{"Id":"1","Policy":{)", R"("k":0)", "}}]}", kCap)},
        {"depth", R"({"Items":[{"Id":"1","Policy":{"x":)" + std::string(kCap / 2 - 64, '[') +
                      std::string(kCap / 2 - 64, ']') + "}}]}"},
    };
    for (const auto& [name, body] : dense) {
        BOOST_REQUIRE(static_cast<long>(body.size()) <= kCap);
        server.answer_path("/Users/Query", 200, "application/json", body);
        const Run r = run_cli(server, dir);
        const long extra_kib = r.peak_kib - small.peak_kib;
        BOOST_TEST_MESSAGE(name << ": " << body.size() << " bytes of answer, " << extra_kib
                                << " KiB more at peak than a small answer");
        BOOST_TEST(r.exit_code == 1, name);  // refused, with EMBYPROV_EREMOTE
#ifndef __SANITIZE_ADDRESS__  // AddressSanitizer's red zones and quarantine are no measure
        // Unbounded, these trees take 100 to 300 times their text.
        BOOST_TEST(extra_kib * 1024 < 8 * kCap, name << ": " << extra_kib << " KiB");
#endif
    }
    Poco::File(dir).remove(true);
}

#ifndef __SANITIZE_ADDRESS__  // AddressSanitizer reserves terabytes: no data limit fits beside it
BOOST_AUTO_TEST_CASE(a_call_that_runs_out_of_memory_answers_enomem_and_the_context_lives_on)
{
    // A large but well-formed user list, within max_answer_bytes, read by a
    // process that is allowed far less memory than the answer takes.
    constexpr long kAnswer = 48L * 1024 * 1024, kRoom = 24L * 1024 * 1024;
    EchoServer server;
    server.answer_path("/System/Info/Public", 200, "application/json",
                       R"({"Id":"e1","ServerName":"small","Version":"4.8.0.0"})");
    server.answer_path("/Users/Query", 200, "application/json",
                       repeated(R"({"Items":[)", R"({"Id":"0123456789abcdef0123456789abcdef","Name":"u"})", "]}",
                                kAnswer));
    const std::string params = R"({"serverhostname":"127.0.0.1","serverport":)" + std::to_string(server.port()) +
                               R"(,"serversecure":"","serveraccesshash":"0123456789abcdef"})";
    // The child reports by its exit code: 0 when both calls went as they must.
    const pid_t pid = ::fork();
    if (pid == 0) {
        embyprov_ctx* ctx = nullptr;
        const std::string config = R"({"database":"sqlite::memory:","max_answer_bytes":)" +
                                   std::to_string(2 * kAnswer) + "}";
        char* why = nullptr;
        if (embyprov_open_v2(config.c_str(), &ctx, &why) != EMBYPROV_OK) {
            std::fprintf(stderr, "embyprov_open: %s\n", why ? why : "?");
            ::_exit(10);
        }
        const auto room = static_cast<rlim_t>(data_bytes() + kRoom);
        const struct rlimit limit {room, room};
        if (::setrlimit(RLIMIT_DATA, &limit) != 0)
            ::_exit(11);
        char* out = nullptr;
        const int rc = embyprov_call(ctx, "list_accounts", params.c_str(), nullptr, &out);
        if (rc != EMBYPROV_ENOMEM)
            ::_exit(20 + (rc < 0 ? -rc : 0));
        if (std::strcmp(embyprov_last_error(ctx), "out of memory") != 0)
            ::_exit(40);
        if (out && !std::strstr(out, "\"code\":-13"))
            ::_exit(41);
        embyprov_free(out);
        // The same context still serves the next call.
        out = nullptr;
        if (embyprov_call(ctx, "test_connection", params.c_str(), nullptr, &out) != EMBYPROV_OK)
            ::_exit(50);
        embyprov_free(out);
        embyprov_close(ctx);
        ::_exit(0);
    }
    BOOST_REQUIRE(pid > 0);
    int status = 0;
    BOOST_REQUIRE(::waitpid(pid, &status, 0) == pid);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0, "the child failed at step " << WEXITSTATUS(status)
                                             << " (20 + n: list_accounts answered -n, not ENOMEM)");
}
#endif

BOOST_AUTO_TEST_SUITE_END()
