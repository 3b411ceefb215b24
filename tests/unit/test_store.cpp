#include <boost/test/unit_test.hpp>

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "config.hpp"
#include "error.hpp"
#include "store.hpp"
#include "store_schema.hpp"

using namespace embyprov;

namespace {

struct TempDb {
    TempDb() : path(Poco::TemporaryFile::tempName() + ".db") {}
    ~TempDb()
    {
        for (const char* suffix : {"", "-wal", "-shm"}) {
            Poco::File f(path + suffix);
            if (f.exists())
                f.remove();
        }
    }
    std::string dsn() const { return "sqlite:" + path; }
    std::string path;
};

ServiceRecord service(const std::string& id)
{
    ServiceRecord r;
    r.service_id = id;
    r.server = "http://127.0.0.1:8096";
    r.user_id = "u-" + id;
    r.username = "user" + id;
    r.status = status::kActive;
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(state_store)

BOOST_AUTO_TEST_CASE(a_new_database_is_migrated_to_the_latest_schema)
{
    auto store = Store::open("sqlite::memory:");
    BOOST_TEST(store->schema_version() == static_cast<int>(schema_migrations().size()));
}

BOOST_AUTO_TEST_CASE(services_round_trip_and_update_in_place)
{
    auto store = Store::open("sqlite::memory:");
    BOOST_TEST(!store->service("42").has_value());
    store->save_service(service("42"));
    auto r = store->service("42");
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->username == "user42");
    BOOST_TEST(!r->created_at.empty());
    r->status = status::kSuspended;
    r->suspend_reason = "Overdue on Payment";
    r->password_locked = true;
    store->save_service(*r);
    auto again = store->service("42");
    BOOST_TEST(again->status == "suspended");
    BOOST_TEST(again->suspend_reason == "Overdue on Payment");
    BOOST_TEST(again->password_locked);
    BOOST_TEST(again->created_at == r->created_at);
    BOOST_TEST(store->services_on("http://127.0.0.1:8096").size() == 1u);
    BOOST_TEST(store->service_by_user("u-42")->service_id == "42");
}

BOOST_AUTO_TEST_CASE(media_accounts_keep_their_order_and_choices)
{
    auto store = Store::open("sqlite::memory:");
    store->save_service(service("7"));
    MediaAccountRecord a{"m1", "7", "user7-kids", false, false, {"g1", "g2"}, "kid@example.com", "2026-01-01T00:00:00Z"};
    MediaAccountRecord b{"m2", "7", "user7-tv", true, true, {}, "", "2026-01-02T00:00:00Z"};
    store->save_media_account(b);
    store->save_media_account(a);
    auto list = store->media_accounts("7");
    BOOST_REQUIRE(list.size() == 2u);
    BOOST_TEST(list[0].user_id == "m1");
    BOOST_TEST(list[0].disabled_libraries == (std::vector<std::string>{"g1", "g2"}));
    BOOST_TEST(list[0].should_be_disabled());
    BOOST_TEST(list[1].over_quota);
    store->mark_media_account_removed("m1");
    BOOST_TEST(store->media_accounts("7").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_connect_account_has_at_most_one_owner)
{
    auto store = Store::open("sqlite::memory:");
    auto main = service("3");
    main.connect_email = "Alice@Example.com";
    store->save_service(main);
    MediaAccountRecord kid{"m9", "3", "user3-kid", true, false, {}, "kid@example.com", ""};
    store->save_media_account(kid);
    BOOST_TEST(*store->connect_owner("alice@example.COM") == "u-3");
    BOOST_TEST(*store->connect_owner("kid@example.com") == "m9");
    BOOST_TEST(!store->connect_owner("bob@example.com").has_value());
    BOOST_TEST(!store->connect_owner("").has_value());
    store->mark_media_account_removed("m9");
    BOOST_TEST(!store->connect_owner("kid@example.com").has_value());
    main.status = status::kTerminated;
    store->save_service(main);
    BOOST_TEST(!store->connect_owner("alice@example.com").has_value());
}

BOOST_AUTO_TEST_CASE(snapshots_and_audit_entries)
{
    auto store = Store::open("sqlite::memory:");
    store->save_snapshot("9", {{"main", false}, {"kid", true}});
    auto snap = store->snapshot("9");
    BOOST_TEST(snap.size() == 2u);
    BOOST_TEST(snap["kid"]);
    BOOST_TEST(!snap["main"]);
    store->clear_snapshot("9");
    BOOST_TEST(store->snapshot("9").empty());

    store->audit({"", "create_account", "9", "error", -6, "the server answered HTTP 500", 3, 12});
    auto trail = store->audit_for("9", 10);
    BOOST_REQUIRE(trail.size() == 1u);
    BOOST_TEST(trail[0].hook == "create_account");
    BOOST_TEST(trail[0].code == -6);
    BOOST_TEST(trail[0].requests == 3);
}

BOOST_AUTO_TEST_CASE(a_failed_transaction_leaves_nothing_behind)
{
    auto store = Store::open("sqlite::memory:");
    BOOST_CHECK_THROW(store->transaction([&] {
        store->save_service(service("1"));
        throw Error(EMBYPROV_EREMOTE, "boom");
    }), Error);
    BOOST_TEST(!store->service("1").has_value());
}

BOOST_AUTO_TEST_CASE(a_file_database_survives_reopening)
{
    TempDb db;
    Store::open(db.dsn())->save_service(service("5"));
    auto reopened = Store::open(db.dsn());
    BOOST_TEST(reopened->service("5")->user_id == "u-5");
    BOOST_TEST(reopened->schema_version() == static_cast<int>(schema_migrations().size()));
}

BOOST_AUTO_TEST_CASE(a_database_from_a_newer_version_is_refused)
{
    TempDb db;
    Store::open(db.dsn());
    {
        Poco::Data::Session s("SQLite", db.path);
        s << "UPDATE schema_version SET version = 999", Poco::Data::Keywords::now;
    }
    try {
        Store::open(db.dsn());
        BOOST_FAIL("opened");
    } catch (const Error& e) {
        BOOST_TEST(e.code() == EMBYPROV_ESTORE);
        BOOST_TEST(std::string(e.what()).find("newer") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(unknown_backends_and_unwritable_paths_fail_clearly)
{
    BOOST_CHECK_THROW(Store::open("oracle:x"), Error);
    try {
        Store::open("sqlite:/nonexistent-dir/x/y.db");
        BOOST_FAIL("opened");
    } catch (const Error& e) {
        BOOST_TEST(e.code() == EMBYPROV_ESTORE);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(context_config)

BOOST_AUTO_TEST_CASE(defaults_and_bounds)
{
    Config d = Config::parse(nullptr);
    BOOST_TEST(d.tls_verify);
    BOOST_TEST(d.max_parallel == 4);
    BOOST_TEST(d.device_id.size() == 32u);
    BOOST_TEST(Config::parse("{}").device_id == d.device_id);  // stable per database
    BOOST_TEST(Config::parse(R"({"database":"sqlite:other.db"})").device_id != d.device_id);
    BOOST_CHECK_THROW(Config::parse(R"({"max_parallel":0})"), Error);
    BOOST_CHECK_THROW(Config::parse(R"({"timeout_ms":"soon"})"), Error);
    BOOST_CHECK_THROW(Config::parse(R"({"client_name":"a,b"})"), Error);
    BOOST_CHECK_THROW(Config::parse("not json"), Error);
    BOOST_TEST(!Config::parse(R"({"tls_verify":false})").tls_verify);
}

BOOST_AUTO_TEST_SUITE_END()
