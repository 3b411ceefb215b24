// Hooks that speak for a whole server or for the module itself:
// test_connection, usage_update, list_accounts, meta_data, config_options,
// admin_services_tab, and what the log callback and audit trail record.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/TemporaryFile.h>

#include "fixture.hpp"
#include "store.hpp"
#include "tls_listener.hpp"

using namespace itest;

BOOST_AUTO_TEST_SUITE(server_hooks)

BOOST_AUTO_TEST_CASE(test_connection_reports_every_step)
{
    Env env;
    env.emby.clear_requests();
    auto ok = env.module.call("test_connection", env.params(""));
    BOOST_REQUIRE_MESSAGE(ok.ok(), ok.text);
    int public_info = 0;  // a fresh context: its flavour probe is the server step too
    for (const auto& r : env.emby.requests())  // (Jellyfin 12 first answers /emby/... with 404)
        public_info += r.path.find("/System/Info/Public") != std::string::npos && r.status == 200;
    BOOST_TEST(public_info == 1);
    BOOST_TEST(ok.json->getValue<bool>("success"));
    BOOST_TEST(ok.json->getObject("server")->getValue<std::string>("flavour") == (env.jellyfin ? "jellyfin" : "emby"));
    BOOST_TEST(ok.step("auth")->getValue<bool>("ok"));

    auto bad_key = env.params("");
    bad_key.set("serveraccesshash", "not-the-key");
    auto denied = env.module.call("test_connection", bad_key);
    BOOST_TEST(denied.code == EMBYPROV_EAUTH);
    BOOST_TEST(!denied.json->getValue<bool>("success"));
    BOOST_TEST(denied.error().find("Authentication") == 0u);
    BOOST_TEST(denied.text.find("not-the-key") == std::string::npos);

    Poco::Net::ServerSocket unused(Poco::Net::SocketAddress("127.0.0.1", 0));
    const unsigned short closed = unused.address().port();
    unused.close();
    auto down = env.params("");
    down.set("serverport", closed);
    auto refused = env.module.call("test_connection", down);
    BOOST_TEST(refused.code == EMBYPROV_ENETWORK);
    BOOST_TEST(refused.error().find("TCP") == 0u);
    BOOST_TEST(refused.step("dns")->getValue<bool>("ok"));
}

namespace {

int type_probes(Env& env)
{
    int n = 0;
    for (const auto& r : env.emby.requests())
        n += r.path.find("/System/Info/Public") != std::string::npos;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_later_context_of_the_process_does_not_ask_the_server_type_again)
{
    Env env;
    BOOST_REQUIRE(env.module.call("create_account", env.params("80", "warm", "Warm-pass-123")).ok());
    env.emby.clear_requests();
    {
        Module next(env.db_path);  // the next request of the same PHP-FPM worker
        auto r = next.call("suspend_account", env.params("80"));
        BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    }
    BOOST_TEST(!env.emby.requests().empty());
    BOOST_TEST(type_probes(env) == 0);
}

BOOST_AUTO_TEST_CASE(a_server_type_named_in_the_product_is_never_asked)
{
    Env env;
    auto p = env.params("81", "named", "Named-pass-123");
    p.set("configoption1", env.jellyfin ? "jellyfin" : "emby");
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    for (const char* hook : {"suspend_account", "unsuspend_account", "drop_devices", "change_password"}) {
        Module next(env.db_path);
        auto r = next.call(hook, p);
        BOOST_TEST(r.ok(), hook << ": " << r.text);
    }
    BOOST_TEST(type_probes(env) == 0);
}

BOOST_AUTO_TEST_CASE(a_server_replaced_behind_the_same_address_is_asked_again)
{
    // Emby first, then Jellyfin 12 (no /emby prefix at all) on the same port
    // with the key it issued: the type learned for the first must not be
    // used for the second.
    Poco::JSON::Object p;
    unsigned short port = 0;
    std::string db;
    {
        Env emby({"--flavor", "emby"});
        p = emby.params("");
        port = emby.sim.port();
        auto r = emby.module.call("test_connection", p);
        BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    }
    SimProcess jellyfin({"--port", std::to_string(port), "--flavor", "jellyfin", "--server-version", "12.0"});
    BOOST_REQUIRE(jellyfin.port() == port);
    p.set("serveraccesshash", jellyfin.api_key());
    Poco::TemporaryFile state;
    Module module(state.path());
    auto r = module.call("test_connection", p);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.text);
    BOOST_TEST(r.json->getObject("server")->getValue<std::string>("flavour") == "jellyfin");
}

// The store flushes its log by name, later than it opens it: a host that
// named the database relatively and then moved elsewhere (as PHP may) must
// still reach the right file.
BOOST_AUTO_TEST_CASE(a_host_that_changes_its_folder_after_open_still_flushes_its_store)
{
    Env env;
    const std::string dir = Poco::TemporaryFile::tempName();
    Poco::File(dir).createDirectories();
    const std::string before = Poco::Path::current();
    BOOST_REQUIRE(::chdir(dir.c_str()) == 0);
    { Module create_it("state.db"); }  // a database that exists: opening it writes nothing
    {
        Module moved("state.db");
        BOOST_REQUIRE(::chdir("/") == 0);
        auto r = moved.call("create_account", env.params("82", "moved", "Moved-pass-123"));
        BOOST_TEST(r.ok(), r.text);
    }
    BOOST_REQUIRE(::chdir(before.c_str()) == 0);
    BOOST_TEST(Poco::File(dir + "/state.db-wal").exists());
    Poco::File(dir).remove(true);
}

BOOST_AUTO_TEST_CASE(tls_certificates_are_verified_by_default)
{
    Poco::Net::initializeSSL();
    TlsListener tls;
    {
        Env env;
        auto r = env.module.call("test_connection", env.tls_params(tls.port()));
        BOOST_TEST(r.code == EMBYPROV_ETLS, r.text);
        BOOST_TEST(!r.step("tls")->getValue<bool>("ok"));
    }
    {
        Env env({}, "\"ca_file\":\"" + tls.cert() + "\"");
        auto r = env.module.call("test_connection", env.tls_params(tls.port()));
        BOOST_TEST(r.step("tls")->getValue<bool>("ok"), r.text);  // trusted now; then not an Emby server
        BOOST_TEST(!r.ok());
    }
    Poco::Net::uninitializeSSL();
}

BOOST_AUTO_TEST_CASE(usage_and_account_listing_cover_the_server)
{
    Env env;
    auto p = env.params("40", "user40", "Secret-pass-1");
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    env.add_media_account("40", "user40-kid", true);
    env.emby.create_user("walkin", "Walkin-pass-1");
    BOOST_REQUIRE(env.emby.sign_in("user40", "Secret-pass-1", "phone") == 200);
    BOOST_REQUIRE(env.emby.sign_in("user40-kid", "Media-pass-123", "tablet") == 200);
    BOOST_REQUIRE(env.emby.sign_in("walkin", "Walkin-pass-1", "tv") == 200);
    env.emby.set_playing("tablet", "Big Buck Bunny");  // the media account's
    env.emby.set_playing("tv", "Sintel");              // no service's

    auto usage = env.module.call("usage_update", env.params(""));
    BOOST_REQUIRE_MESSAGE(usage.ok(), usage.text);
    auto services = usage.json->getArray("services");
    BOOST_REQUIRE(services->size() == 1u);
    auto s = services->getObject(0);
    BOOST_TEST(s->getValue<std::string>("serviceid") == "40");
    BOOST_TEST(s->getValue<int>("devices") == 2);
    BOOST_TEST(s->getValue<int>("active_streams") == 1);
    BOOST_TEST(s->getValue<int>("media_accounts") == 1);

    auto list = env.module.call("list_accounts", env.params(""));
    BOOST_REQUIRE_MESSAGE(list.ok(), list.text);
    auto accounts = list.json->getArray("accounts");
    bool saw_walkin = false, saw_admin = false, saw_owned = false;
    for (std::size_t i = 0; i < accounts->size(); ++i) {
        auto a = accounts->getObject(static_cast<unsigned>(i));
        const std::string name = a->getValue<std::string>("username");
        saw_walkin |= name == "walkin" && a->get("serviceid").isEmpty();
        saw_admin |= name == "admin";
        saw_owned |= name == "user40" && a->getValue<std::string>("serviceid") == "40";
    }
    BOOST_TEST(saw_walkin);
    BOOST_TEST(saw_owned);
    BOOST_TEST(!saw_admin);
}

BOOST_AUTO_TEST_CASE(metadata_and_settings_need_no_server)
{
    Env env;
    auto meta = env.module.call("meta_data", Poco::JSON::Object());
    BOOST_REQUIRE(meta.ok());
    BOOST_TEST(meta.str("APIVersion") == "1.1");
    BOOST_TEST(meta.json->getArray("hooks")->size() == 14u);
    auto opts = env.module.call("config_options", Poco::JSON::Object());
    BOOST_REQUIRE(opts.ok());
    BOOST_TEST(opts.json->getArray("options")->getObject(0)->getValue<std::string>("key") == "flavour");
    BOOST_TEST(env.module.call("no_such_hook", Poco::JSON::Object()).code == EMBYPROV_ENOTFOUND);
}

BOOST_AUTO_TEST_CASE(logs_and_the_audit_trail_never_hold_secrets)
{
    Env env;
    auto p = env.params("50", "secretive", "Hunter2-Secret!");
    BOOST_REQUIRE(env.module.call("create_account", p).ok());
    p.set("password", "Second-Secret-99");
    BOOST_REQUIRE(env.module.call("change_password", p).ok());
    auto log = env.module.log();
    BOOST_REQUIRE(!log.empty());
    bool masked_seen = false;
    for (const auto& line : log) {
        for (const std::string* text : {&line.action, &line.request, &line.response}) {
            BOOST_TEST(text->find(env.sim.api_key()) == std::string::npos, *text);
            BOOST_TEST(text->find("Hunter2-Secret!") == std::string::npos, *text);
            BOOST_TEST(text->find("Second-Secret-99") == std::string::npos, *text);
            masked_seen |= text->find("********") != std::string::npos;
        }
    }
    BOOST_TEST(masked_seen);
    auto store = embyprov::Store::open("sqlite:" + env.db_path);
    auto trail = store->audit_for("50", 10);
    BOOST_REQUIRE(trail.size() == 2u);
    BOOST_TEST(trail[0].requests > 0);
    auto tab = env.module.call("admin_services_tab", p);
    BOOST_TEST(tab.text.find("Hunter2") == std::string::npos);
    BOOST_TEST(tab.json->getObject("fields")->getValue<std::string>("Emby username") == "secretive");
}

BOOST_AUTO_TEST_SUITE_END()
