// Hostile input and careless configuration through the C ABI: one named case
// per hole, each judged by what the library does and leaves behind.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <Poco/File.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/TemporaryFile.h>

#include "embyprov/embyprov.h"
#include "fixture.hpp"
#include "http_client.hpp"
#include "store.hpp"
#include "tls_listener.hpp"
#include "trickle_proxy.hpp"

using namespace itest;

namespace {

/// embyprov_open_v2's code and reason; the context, if any, is closed.
struct Opened {
    int code = 0;
    std::string why;
};

Opened open_with(const std::string& config)
{
    embyprov_ctx* ctx = nullptr;
    char* why = nullptr;
    Opened o;
    o.code = embyprov_open_v2(config.c_str(), &ctx, &why);
    if (why)
        o.why = why;
    embyprov_free(why);
    embyprov_close(ctx);
    return o;
}

int mode_of(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

/// A fresh folder, removed at the end.
struct Folder {
    Folder() : path(Poco::TemporaryFile::tempName()) { Poco::File(path).createDirectories(); }
    ~Folder()
    {
        try {
            Poco::File(path).remove(true);
        } catch (...) {
        }
    }
    std::string path;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(adversarial)

// A typo must not silently open ./embyprov.db in the current folder.
BOOST_AUTO_TEST_CASE(an_unknown_config_key_is_refused_by_name)
{
    Folder here;
    char* before = ::getcwd(nullptr, 0);
    BOOST_REQUIRE(::chdir(here.path.c_str()) == 0);
    const Opened o = open_with(R"({"databse":"sqlite:)" + here.path + R"(/state.db"})");
    BOOST_REQUIRE(::chdir(before) == 0);
    std::free(before);
    BOOST_TEST(o.code == EMBYPROV_EINVALID);
    BOOST_TEST(o.why.find("unknown config key 'databse'") != std::string::npos, o.why);
    BOOST_TEST(!Poco::File(here.path + "/embyprov.db").exists());
    BOOST_TEST(!Poco::File(here.path + "/state.db").exists());
}

// Every bound embyprov.h documents is accepted at its ends and refused past them.
BOOST_AUTO_TEST_CASE(each_numeric_config_key_takes_its_documented_range)
{
    const std::vector<std::tuple<const char*, long long, long long>> ranges = {
        {"connect_timeout_ms", 100, 120000}, {"timeout_ms", 100, 600000},
        {"call_timeout_ms", 100, 3600000},   {"max_answer_bytes", 65536, 268435456},
        {"max_parallel", 1, 64},             {"lock_wait_ms", 0, 600000},
        {"audit_keep_days", 1, 36500},       {"audit_keep_rows", 1, 1000000},
        {"server_connections", 1, 256},
    };
    for (const auto& [key, lo, hi] : ranges) {
        const auto open = [key = key](long long v) {
            return open_with(std::string(R"({"database":"sqlite::memory:",")") + key + "\":" + std::to_string(v) + "}");
        };
        BOOST_TEST(open(lo).code == EMBYPROV_OK, key << " = " << lo << ": " << open(lo).why);
        BOOST_TEST(open(hi).code == EMBYPROV_OK, key << " = " << hi << ": " << open(hi).why);
        const Opened above = open(hi + 1);
        BOOST_TEST(above.code == EMBYPROV_EINVALID, key);
        BOOST_TEST(above.why.find(key) != std::string::npos, above.why);
        if (lo > 0)
            BOOST_TEST(open(lo - 1).code == EMBYPROV_EINVALID, key);
    }
}

BOOST_AUTO_TEST_CASE(a_failed_open_hands_back_its_reason_with_the_password_masked)
{
    Folder here;
    const Opened folder = open_with(R"({"database":"sqlite:)" + here.path + R"(/missing/state.db"})");
    BOOST_TEST(folder.code == EMBYPROV_ESTORE);
    BOOST_TEST(folder.why.find("/missing/state.db': its folder does not exist") != std::string::npos, folder.why);
    // Nothing listens on port 1: the server cannot be reached.
    const Opened db = open_with(R"({"database":"mysql:host=127.0.0.1;port=1;db=x;user=u;password=Sekret-pw-42"})");
    BOOST_TEST(db.code == EMBYPROV_ESTORE);
    BOOST_TEST(db.why.find("cannot open the state database") != std::string::npos, db.why);
    BOOST_TEST(db.why.find("Sekret-pw-42") == std::string::npos, db.why);
    const Opened null_out = [] {
        char* why = nullptr;
        Opened o;
        o.code = embyprov_open_v2("{}", nullptr, &why);
        o.why = why ? why : "";
        embyprov_free(why);
        return o;
    }();
    BOOST_TEST(null_out.code == EMBYPROV_EMISUSE);
    BOOST_TEST(!null_out.why.empty());
}

// It holds usernames and e-mail addresses: owner only, whatever the umask.
BOOST_AUTO_TEST_CASE(the_state_database_and_its_wal_are_created_owner_only)
{
    Folder here;
    const std::string db = here.path + "/state.db";
    const mode_t old = ::umask(022);
    embyprov_ctx* ctx = nullptr;
    const int rc = embyprov_open(("{\"database\":\"sqlite:" + db + "\"}").c_str(), &ctx);
    ::umask(old);
    BOOST_REQUIRE(rc == EMBYPROV_OK);
    char* out = nullptr;
    embyprov_call(ctx, "usage_update", "{}", nullptr, &out);  // reads and writes the store
    embyprov_free(out);
    BOOST_TEST(mode_of(db) == 0600);
    BOOST_TEST(mode_of(db + "-wal") == 0600);
    BOOST_TEST(mode_of(db + "-shm") == 0600);
    embyprov_close(ctx);
}

// A client name goes into every request's headers.
BOOST_AUTO_TEST_CASE(a_line_break_in_the_client_name_is_refused)
{
    for (const char* name : {R"(embyprov\r\nX-Injected: 1)", R"(embyprov\nX)", R"(tab\there)"}) {
        const Opened o = open_with(std::string(R"({"database":"sqlite::memory:","client_name":")") + name + "\"}");
        BOOST_TEST(o.code == EMBYPROV_EINVALID, name);
        BOOST_TEST(o.why.find("control characters") != std::string::npos, o.why);
    }
}

BOOST_AUTO_TEST_CASE(a_missing_ca_file_is_invalid_input_at_open)
{
    const Opened o = open_with(R"({"database":"sqlite::memory:","ca_file":"/nonexistent/ca.pem"})");
    BOOST_TEST(o.code == EMBYPROV_EINVALID);
    BOOST_TEST(o.why.find("'/nonexistent/ca.pem' is not a readable file") != std::string::npos, o.why);
}

// A panel that asked for TLS must never send the API key in clear because
// the address was written http://.
BOOST_AUTO_TEST_CASE(tls_asked_for_is_never_downgraded_by_an_http_address)
{
    Env env;
    auto p = env.params("");
    p.set("serverhostname", "http://127.0.0.1:" + std::to_string(env.sim.port()));
    p.set("serversecure", "on");
    env.emby.clear_requests();
    auto r = env.module.call("test_connection", p);
    BOOST_TEST(r.code == EMBYPROV_EINVALID, r.text);
    BOOST_TEST(r.error().find("starts with http://") != std::string::npos, r.text);
    BOOST_TEST(env.requests().empty());  // nothing reached the server
    p.set("serversecure", "");
    BOOST_TEST(env.module.call("test_connection", p).ok());  // plain HTTP when asked for
}

// Loopback names get no pass: a certificate for another name is refused for
// 127.0.0.1 and localhost alike, even when its issuer is trusted.
BOOST_AUTO_TEST_CASE(a_certificate_for_another_name_is_refused_on_loopback_too)
{
    Poco::Net::initializeSSL();
    {
        TlsListener other("DNS:media.example.com");
        Env env({}, "\"ca_file\":\"" + other.cert() + "\"");
        for (const char* host : {"127.0.0.1", "localhost"}) {
            auto r = env.module.call("test_connection", env.tls_params(other.port(), host));
            BOOST_TEST(r.code == EMBYPROV_ETLS, host << ": " << r.text);
            BOOST_TEST((r.step("tls") && !r.step("tls")->getValue<bool>("ok")), host);
        }
    }
    {
        TlsListener right("IP:127.0.0.1,DNS:localhost");
        Env env({}, "\"ca_file\":\"" + right.cert() + "\"");
        for (const char* host : {"127.0.0.1", "localhost"}) {
            auto r = env.module.call("test_connection", env.tls_params(right.port(), host));
            BOOST_TEST((r.step("tls") && r.step("tls")->getValue<bool>("ok")), host << ": " << r.text);
        }
    }
    Poco::Net::uninitializeSSL();
}

// TLS contexts are shared by every library context of the process (the
// trust store is most of their cost), but never across a different trust
// store or verification mode: an unverifying context lends nothing to a
// verifying one, and a rewritten CA bundle is read again.
BOOST_AUTO_TEST_CASE(a_shared_tls_context_never_crosses_a_trust_store_or_verification_mode)
{
    Poco::Net::initializeSSL();
    {
        TlsListener tls("IP:127.0.0.1");
        embyprov::HttpOptions verifying;
        verifying.ca_file = tls.cert();
        embyprov::HttpOptions lax;
        lax.tls_verify = false;
        embyprov::HttpClient a(verifying), b(verifying), c(lax), d(lax);
        BOOST_TEST(a.tls_context("127.0.0.1").get() == b.tls_context("127.0.0.1").get());
        BOOST_TEST(c.tls_context("127.0.0.1").get() == d.tls_context("127.0.0.1").get());
        BOOST_TEST(a.tls_context("127.0.0.1").get() != c.tls_context("127.0.0.1").get());
        BOOST_TEST(a.tls_context("127.0.0.1").get() != a.tls_context("localhost").get());
        embyprov::HttpOptions system_only;  // verifying, no extra bundle
        embyprov::HttpClient e(system_only);
        BOOST_TEST(e.tls_context("127.0.0.1").get() != a.tls_context("127.0.0.1").get());

        // The same bundle file, rewritten: a new context for new clients.
        const auto before = a.tls_context("127.0.0.1");
        Poco::File(tls.cert()).setLastModified(Poco::Timestamp() + Poco::Timespan(5, 0));
        embyprov::HttpClient f(verifying);
        BOOST_TEST(f.tls_context("127.0.0.1").get() != before.get());

        // Two library contexts in a row both verify and reach the server.
        for (int i = 0; i < 2; ++i) {
            Env env({}, "\"ca_file\":\"" + tls.cert() + "\"");
            auto r = env.module.call("test_connection", env.tls_params(tls.port()));
            BOOST_TEST((r.step("tls") && r.step("tls")->getValue<bool>("ok")), r.text);
        }
    }
    Poco::Net::uninitializeSSL();
}

// Socket timeouts bound each read; a server that trickles its answer a few
// bytes at a time passes every one of them. The request's deadline holds.
BOOST_AUTO_TEST_CASE(a_trickling_server_cannot_stretch_a_request_past_its_timeout)
{
    for (const char* kind : {"trickle_headers", "trickle_body"}) {
        Env env({}, "\"timeout_ms\":1000");
        env.emby.set_faults(std::string(R"({"rules":[{"kind":")") + kind +
                            R"(","match":"GET /System/Info","trickle_ms":20000}]})");
        const auto start = std::chrono::steady_clock::now();
        auto r = env.module.call("test_connection", env.params(""));
        const auto waited = std::chrono::steady_clock::now() - start;
        BOOST_TEST(r.code == EMBYPROV_ETIMEOUT, kind << ": " << r.text);
        // Not a speed limit: without the deadline the call lasts the 20 s
        // the answer takes; with it, about the 1 s timeout.
        BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(waited).count() < 10, kind);
    }
}

// Before any HTTP there is the TLS handshake: a server that sends it a byte
// at a time (each within the socket timeout, the whole taking minutes) is
// cut off by the same deadline, in requests and in test_connection alike.
BOOST_AUTO_TEST_CASE(a_trickled_tls_handshake_cannot_stretch_a_request_past_its_timeout)
{
    Poco::Net::initializeSSL();
    {
        TlsListener server("IP:127.0.0.1");
        TrickleProxy slow(server.port(), 50);  // some 1,500 bytes: over a minute
        Env env({}, "\"timeout_ms\":1000,\"ca_file\":\"" + server.cert() + "\"");
        for (const char* hook : {"test_connection", "list_accounts"}) {
            auto p = env.tls_params(slow.port());
            p.set("serviceid", "930");
            const auto start = std::chrono::steady_clock::now();
            auto r = env.module.call(hook, p);
            const auto waited = std::chrono::steady_clock::now() - start;
            BOOST_TEST(r.code == EMBYPROV_ETIMEOUT, hook << ": " << r.text);
            // Not a speed limit: without the deadline the handshake alone
            // lasts over a minute; with it, about the 1 s timeout.
            BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(waited).count() < 10, hook);
        }
    }
    Poco::Net::uninitializeSSL();
}

// A hook makes many requests, each inside timeout_ms: call_timeout_ms still
// ends the call, and the next attempt finds the server as the cut left it
// and finishes the job.
BOOST_AUTO_TEST_CASE(a_call_ends_by_its_call_timeout_and_the_next_attempt_converges)
{
    Env env({}, "\"timeout_ms\":1000,\"call_timeout_ms\":1500");
    env.emby.set_faults(R"({"latency_ms":400})");
    auto p = env.params("931", "slowly", "Slow-pass-123");
    // create_account makes more than five requests: at 0.4 s each it would
    // succeed after some 2.5 s; it ends at the 1.5 s the call was given.
    auto r = env.module.call("create_account", p);
    BOOST_TEST(r.code == EMBYPROV_ETIMEOUT, r.text);
    BOOST_TEST(r.error().find("the call's time ran out") != std::string::npos, r.text);
    env.emby.set_faults("{}");
    auto again = env.module.call("create_account", p);
    BOOST_TEST(again.ok(), again.text);
    auto user = env.emby.find_user("slowly");
    BOOST_REQUIRE(user);
    BOOST_TEST(again.str("user_id") == user->getValue<std::string>("Id"));
    int named = 0;
    for (const auto& name : env.emby.user_names())
        named += name == "slowly";
    BOOST_TEST(named == 1);
}

// Every call adds an audit row; the trail must still not grow without
// bound: plain page views add none, a service keeps its newest rows, and
// rows past their age go, at the service's next call or at the daily cron.
BOOST_AUTO_TEST_CASE(the_audit_trail_keeps_to_its_retention_rule)
{
    Env env({}, "\"audit_keep_rows\":5,\"audit_keep_days\":30");
    auto p = env.params("940", "audited", "Audit-pass-123");
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    auto other = env.params("941", "dormant", "Audit-pass-456");
    BOOST_REQUIRE(env.module.call("create_account", other).ok());
    auto store = embyprov::Store::open("sqlite:" + env.db_path);
    store->set_audit_retention({36500, 1000});  // this writer keeps them
    // Rows from long ago, for both services.
    for (const char* sid : {"940", "941"}) {
        embyprov::AuditEntry old;
        old.at = "2001-01-01T00:00:00Z";
        old.hook = "suspend_account";
        old.service_id = sid;
        old.outcome = "success";
        store->audit(old);
    }
    BOOST_TEST(store->audit_for("941", 100).size() == 2u);

    p.set("client_area", obj(R"({"form_action":"/service/940","csrf_token":"t0k3n-for-the-audit"})"));
    for (int i = 0; i < 30; ++i)
        BOOST_TEST(env.module.client_area(p, R"({"action":"overview"})").ok());
    BOOST_TEST(store->audit_for("940", 100).size() == 2u);  // create + the old one: views leave no row

    for (int i = 0; i < 6; ++i) {
        BOOST_TEST(env.module.call("suspend_account", p).ok());
        BOOST_TEST(env.module.call("unsuspend_account", p).ok());
    }
    const auto kept = store->audit_for("940", 100);
    BOOST_TEST(kept.size() == 5u);
    for (const auto& a : kept) {
        BOOST_TEST(a.at > "2020", a.at);  // the old row went first
        BOOST_TEST(a.hook.find("suspend_account") != std::string::npos, a.hook);  // the newest stayed
    }
    // The dormant service has had no call since: the daily cron expires it.
    BOOST_TEST(store->audit_for("941", 100).size() == 2u);
    BOOST_TEST(env.module.call("usage_update", env.params("")).ok());
    const auto dormant = store->audit_for("941", 100);
    BOOST_TEST(dormant.size() == 1u);
    BOOST_TEST((dormant.empty() || dormant.front().hook == "create_account"));
}

// Each code embyprov.h documents comes back for the cause it names (the
// deadline, TLS and misuse codes have their own cases above; out of memory
// is not provoked here).
BOOST_AUTO_TEST_CASE(each_documented_code_is_returned_for_its_cause)
{
    Env env;
    auto p = env.params("950", "coded", "Coded-pass-123");
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    const auto raw = [&](const char* hook, const char* params) {
        char* out = nullptr;
        const int rc = embyprov_call(env.module.ctx(), hook, params, nullptr, &out);
        embyprov_free(out);
        return rc;
    };
    BOOST_TEST(raw("meta_data", "{}") == EMBYPROV_OK);
    BOOST_TEST(raw("meta_data", "{not json") == EMBYPROV_EINVALID);
    BOOST_TEST(raw("no_such_hook", "{}") == EMBYPROV_ENOTFOUND);

    auto other = env.params("951", "coded", "Coded-pass-456");  // the name is the other service's
    BOOST_TEST(env.module.call("create_account", other).code == EMBYPROV_EEXISTS);
    auto wrong_key = env.params("");
    wrong_key.set("serveraccesshash", "not-the-key");
    BOOST_TEST(env.module.call("test_connection", wrong_key).code == EMBYPROV_EAUTH);
    auto closed = env.params("");
    closed.set("serverport", 9);
    BOOST_TEST(env.module.call("test_connection", closed).code == EMBYPROV_ENETWORK);
    env.emby.set_faults(R"({"rules":[{"kind":"fail_before","match":"GET /System/Info","status":500,"times":5}]})");
    BOOST_TEST(env.module.call("test_connection", env.params("")).code == EMBYPROV_EREMOTE);
    env.emby.set_faults("{}");

    p.set("configoption9", "0");  // no media accounts in this product
    p.set("client_area", obj(R"({"form_action":"/s","csrf_token":"csrf-for-the-codes"})"));
    BOOST_TEST(env.module.client_area(p, R"({"action":"media_add","csrf_token":"csrf-for-the-codes","name":"tv"})")
                   .code == EMBYPROV_EQUOTA);
    BOOST_TEST(env.module.call("terminate_account", p).ok());
    BOOST_TEST(env.module.call("suspend_account", p).code == EMBYPROV_ESTATE);

    Folder bad;
    Poco::File(bad.path + "/templates").createDirectories();
    std::ofstream(bad.path + "/templates/overview.mustache") << "{{#account}}never closed";
    Module broken(env.db_path + "-2", "\"templates_dir\":\"" + bad.path + "/templates\"");
    auto q = env.params("952", "templated", "Templ-pass-123");
    BOOST_REQUIRE(broken.call("create_account", q).ok());
    q.set("client_area", obj(R"({"form_action":"/s","csrf_token":"csrf-for-the-codes"})"));
    BOOST_TEST(broken.client_area(q, R"({"action":"overview"})").code == EMBYPROV_ERROR);

    BOOST_TEST(open_with(R"({"database":"sqlite:/no/such/folder/state.db"})").code == EMBYPROV_ESTORE);

    Env jellyfin({"--flavor", "jellyfin", "--server-version", "10.11"});
    auto j = jellyfin.params("953", "jelly", "Jelly-pass-123");
    BOOST_REQUIRE(jellyfin.module.call("create_account", j).ok());
    j.set("client_area", obj(R"({"form_action":"/s","csrf_token":"csrf-for-the-codes"})"));
    BOOST_TEST(jellyfin.module
                   .client_area(j, R"({"action":"connect_link","csrf_token":"csrf-for-the-codes","connect_email":"a@b.example"})")
                   .code == EMBYPROV_EUNSUPPORTED);
}

// Ids go into paths. One that reads as a path step must never become one,
// even when it comes from a damaged store.
BOOST_AUTO_TEST_CASE(an_id_is_always_one_path_segment_and_never_a_path_step)
{
    Env env;
    auto p = env.params("900", "pathy", "Secret-pass-1");
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    auto store = embyprov::Store::open("sqlite:" + env.db_path);
    for (const char* id : {"..", ".", "x/../../System"}) {
        embyprov::MediaAccountRecord m;
        m.user_id = id;
        m.service_id = "900";
        m.username = std::string("pathy-") + (id[0] == 'x' ? "slash" : id[1] ? "up" : "dot");
        m.enabled = true;
        m.created_at = "2026-01-01T00:00:00Z";
        store->save_media_account(m);
    }
    env.emby.clear_requests();
    env.module.call("suspend_account", p);
    env.module.call("terminate_account", p);
    for (const auto& r : env.requests()) {
        const std::string path = r.substr(r.find(' ') + 1);
        const std::string bare = path.substr(0, path.find('?'));
        const bool ends_up = bare.size() >= 3 && bare.compare(bare.size() - 3, 3, "/..") == 0;
        const bool step = bare.find("/../") != std::string::npos || bare.find("/./") != std::string::npos ||
                          ends_up || bare.find("x/") != std::string::npos;
        BOOST_TEST(!step, r);
    }
    BOOST_TEST(!env.emby.find_user("pathy"));  // the real user was still removed
}

// A host that calls on a closed context (or on any other pointer) gets a
// clear misuse code, never a run on freed memory.
BOOST_AUTO_TEST_CASE(a_closed_or_foreign_context_is_refused)
{
    embyprov_ctx* ctx = nullptr;
    BOOST_REQUIRE(embyprov_open(R"({"database":"sqlite::memory:"})", &ctx) == EMBYPROV_OK);
    embyprov_close(ctx);
    embyprov_close(ctx);  // a second close is a no-op
    char* out = nullptr;
    BOOST_TEST(embyprov_call(ctx, "meta_data", "{}", nullptr, &out) == EMBYPROV_EMISUSE);
    BOOST_TEST((out && std::string(out).find("not an open context") != std::string::npos));
    embyprov_free(out);
    BOOST_TEST(embyprov_set_log_callback(ctx, nullptr, nullptr) == EMBYPROV_EMISUSE);
    BOOST_TEST(std::string(embyprov_last_error(ctx)).find("not an open context") == 0u);
    int not_a_context = 0;
    auto* foreign = reinterpret_cast<embyprov_ctx*>(&not_a_context);
    out = nullptr;
    BOOST_TEST(embyprov_call(foreign, "meta_data", "{}", nullptr, &out) == EMBYPROV_EMISUSE);
    embyprov_free(out);
    embyprov_close(foreign);  // not ours: left alone
    BOOST_TEST(not_a_context == 0);
}

BOOST_AUTO_TEST_SUITE_END()
