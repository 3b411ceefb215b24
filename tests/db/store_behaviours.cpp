#include "store_behaviours.hpp"

#include <future>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "error.hpp"
#include "store.hpp"
#include "store_schema.hpp"

namespace embyprov::testing {

namespace {

const int kLatest = static_cast<int>(schema_migrations().size());

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

void a_new_database_is_migrated_to_the_latest_schema(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
    BOOST_TEST(store->schema_version() == kLatest);
    BOOST_TEST(db.scalar("SELECT COUNT(*) FROM schema_version") == 1);
}

void services_round_trip_and_update_in_place(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
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

void media_accounts_keep_their_order_and_choices(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
    store->save_service(service("7"));
    // Added within one second, and the later one's id sorts first: the
    // order must still be the order of creation (a downgrade disables the
    // newest), which only the sequence knows.
    MediaAccountRecord a{"m2", "7", "user7-kids", false, false, {"g1", "g2"}, "kid@example.com",
                         "2026-01-01T00:00:00Z", "", 0};
    MediaAccountRecord b{"m1", "7", "user7-tv", true, true, {}, "", "2026-01-01T00:00:00Z", "", 0};
    store->save_media_account(a);
    store->save_media_account(b);
    auto list = store->media_accounts("7");
    BOOST_REQUIRE(list.size() == 2u);
    BOOST_TEST(list[0].user_id == "m2");
    BOOST_TEST(list[1].user_id == "m1");
    BOOST_TEST(list[0].seq < list[1].seq);
    BOOST_TEST(list[0].disabled_libraries == (std::vector<std::string>{"g1", "g2"}));
    BOOST_TEST(!list[0].enabled);
    BOOST_TEST(list[1].over_quota);
    a.enabled = true;
    store->save_media_account(a);  // an update keeps its place
    list = store->media_accounts("7");
    BOOST_TEST(list[0].enabled);
    BOOST_TEST(list[0].user_id == "m2");
    // The whole server's in one query: the same lists, by service, and
    // nothing of another server's services.
    auto elsewhere = service("9");
    elsewhere.server = "http://127.0.0.1:9999";
    store->save_service(elsewhere);
    store->save_media_account({"m9", "9", "user9-kid", true, false, {}, "", "", "", 0});
    auto by_service = store->media_accounts_on("http://127.0.0.1:8096");
    BOOST_TEST(by_service.size() == 1u);
    BOOST_REQUIRE(by_service["7"].size() == 2u);
    BOOST_TEST(by_service["7"][0].user_id == "m2");
    BOOST_TEST(by_service["7"][1].user_id == "m1");
    BOOST_TEST(by_service["7"][0].disabled_libraries == (std::vector<std::string>{"g1", "g2"}));
    BOOST_TEST(store->media_accounts_on("http://127.0.0.1:9999")["9"].size() == 1u);
    store->mark_media_account_removed("m2");
    BOOST_TEST(store->media_accounts("7").size() == 1u);
    BOOST_TEST(store->media_accounts_on("http://127.0.0.1:8096")["7"].size() == 1u);

    // Who owns which account, per server: main and media accounts.
    const auto owners = store->owners_on("http://127.0.0.1:8096");
    BOOST_TEST(owners.size() == 2u);  // u-7 and m1 (m2 is removed)
    BOOST_TEST(owners.at("u-7") == "7");
    BOOST_TEST(owners.at("m1") == "7");
    BOOST_TEST(store->owners_on("http://127.0.0.1:9999").at("m9") == "9");
    auto gone = *store->service("9");
    gone.status = status::kTerminated;
    store->save_service(gone);
    BOOST_TEST(store->owners_on("http://127.0.0.1:9999").count("u-9") == 0u);
}

void a_connect_account_has_at_most_one_owner(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
    auto main = service("3");
    main.connect_email = "Alice@Example.com";
    store->save_service(main);
    MediaAccountRecord kid{"m9", "3", "user3-kid", true, false, {}, "kid@example.com", "", ""};
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

void snapshots_and_audit_entries(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
    store->save_snapshot("9", {{"main", false}, {"kid", true}});
    auto snap = store->snapshot("9");
    BOOST_TEST(snap.size() == 2u);
    BOOST_TEST(snap["kid"]);
    BOOST_TEST(!snap["main"]);
    store->save_snapshot("9", {{"main", true}});  // replaces, never merges
    BOOST_TEST(store->snapshot("9").size() == 1u);
    store->clear_snapshot("9");
    BOOST_TEST(store->snapshot("9").empty());

    store->set_audit_retention({36500, 1000});  // the dated row stays, whatever today is
    store->audit({"2026-01-01T00:00:00Z", "suspend_account", "9", "success", 0, "", 2, 5});
    store->audit({"", "create_account", "9", "error", -6, "the server answered HTTP 500", 3, 12});
    auto trail = store->audit_for("9", 10);
    BOOST_REQUIRE(trail.size() == 2u);
    BOOST_TEST(trail[0].hook == "create_account");  // newest first
    BOOST_TEST(trail[0].code == -6);
    BOOST_TEST(trail[0].requests == 3);
    BOOST_TEST(trail[0].duration_ms == 12);
    BOOST_TEST(trail[0].message == "the server answered HTTP 500");
    BOOST_TEST(store->audit_for("9", 1).size() == 1u);
}

void the_audit_trail_keeps_to_its_retention(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
    store->set_audit_retention({36500, 1000});
    for (const char* sid : {"7", "8"})
        store->audit({"2001-01-01T00:00:00Z", "suspend_account", sid, "success", 0, "", 1, 1});
    store->set_audit_retention({30, 3});
    for (int i = 0; i < 5; ++i)
        store->audit({"", "hook" + std::to_string(i), "7", "success", 0, "", 1, 1});
    auto trail = store->audit_for("7", 10);
    BOOST_REQUIRE(trail.size() == 3u);  // the newest three; the old row went first
    BOOST_TEST(trail[0].hook == "hook4");
    BOOST_TEST(trail[2].hook == "hook2");
    BOOST_TEST(store->audit_for("8", 10).size() == 1u);  // untouched until expiry
    store->expire_audit();
    BOOST_TEST(store->audit_for("8", 10).empty());
    BOOST_TEST(store->audit_for("7", 10).size() == 3u);
}

void device_signouts_keep_to_their_retention(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
    DeviceSignout old{"tv", "u-1", "user1", "Living Room", "Emby Theater", Store::timestamp(40)};
    DeviceSignout week{"tablet", "u-1", "user1", "Tablet", "Jellyfin Web", Store::timestamp(8)};
    store->save_device_signouts("1", {old, week}, 365);
    store->save_device_signouts("2", {old}, 365);
    BOOST_TEST(store->device_signouts("1", "").size() == 2u);
    // A new sign-out drops this service's rows beyond the days kept, and
    // only this service's; the same device signed out again is one row.
    DeviceSignout now{"phone", "u-1", "user1", "Phone", "Emby for Android", ""};
    store->save_device_signouts("1", {now, week}, 30);
    auto kept = store->device_signouts("1", "");
    BOOST_REQUIRE(kept.size() == 2u);
    BOOST_TEST(kept[0].device_id == "phone");  // stamped now: newest first
    BOOST_TEST(kept[0].signed_out_at > week.signed_out_at);
    BOOST_TEST(kept[1].device_id == "tablet");
    BOOST_TEST(kept[1].signed_out_at == week.signed_out_at);
    BOOST_TEST(store->device_signouts("2", "").size() == 1u);
    // The notice's window: only rows since the cut-off.
    store->save_device_signouts("3", {week}, 30);
    BOOST_TEST(store->device_signouts("3", Store::timestamp(7)).empty());
    BOOST_TEST(store->device_signouts("3", Store::timestamp(9)).size() == 1u);
}

void a_failed_transaction_leaves_nothing_behind(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
    BOOST_CHECK_THROW(store->transaction([&] {
        store->save_service(service("1"));
        store->save_media_account({"m1", "1", "user1-tv", true, false, {}, "", "", ""});
        throw Error(EMBYPROV_EREMOTE, "boom");
    }), Error);
    BOOST_TEST(!store->service("1").has_value());
    BOOST_TEST(store->media_accounts("1").empty());
    store->transaction([&] { store->save_service(service("2")); });
    store->save_service(service("3"));  // after a transaction: committed on its own
    // Another process sees both, and nothing of the rolled-back one.
    auto other = Store::open(db.dsn());
    BOOST_TEST(other->service("2").has_value());
    BOOST_TEST(other->service("3").has_value());
    BOOST_TEST(!other->service("1").has_value());
}

void a_database_survives_reopening(TestDatabase& db)
{
    Store::open(db.dsn())->save_service(service("5"));
    auto reopened = Store::open(db.dsn());
    BOOST_REQUIRE(reopened->service("5").has_value());
    BOOST_TEST(reopened->service("5")->user_id == "u-5");
    BOOST_TEST(reopened->schema_version() == kLatest);
    BOOST_TEST(db.scalar("SELECT COUNT(*) FROM schema_version") == 1);
}

void a_database_from_a_newer_version_is_refused(TestDatabase& db)
{
    Store::open(db.dsn());
    db.execute("UPDATE schema_version SET version = 999");
    try {
        Store::open(db.dsn());
        BOOST_FAIL("opened");
    } catch (const Error& e) {
        BOOST_TEST(e.code() == EMBYPROV_ESTORE);
        BOOST_TEST(std::string(e.what()).find("newer") != std::string::npos);
    }
}

// Panels run many workers; the first requests after an install all find
// an empty database. Threads with a session each stand in for processes.
void processes_opening_a_fresh_database_at_once_migrate_it_once(TestDatabase& db)
{
    constexpr int kOpeners = 4;
    std::vector<std::future<int>> opened;
    for (int i = 0; i < kOpeners; ++i)
        opened.push_back(std::async(std::launch::async, [&db] {
            return Store::open(db.dsn())->schema_version();
        }));
    for (auto& f : opened)
        BOOST_TEST(f.get() == kLatest);
    BOOST_TEST(db.scalar("SELECT COUNT(*) FROM schema_version") == 1);
}

void text_survives_exactly(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
    auto r = service("8");
    // 4-byte UTF-8, quotes, a backslash, and the placeholder characters of
    // every backend: values are bound, never spliced into SQL.
    r.username = "Zoë 🎬 O'Brien \"\\ ? $1";
    r.suspend_reason = "überfällig; 'quoted' ? $2";
    store->save_service(r);
    auto back = store->service("8");
    BOOST_TEST(back->username == r.username);
    BOOST_TEST(back->suspend_reason == r.suspend_reason);
    MediaAccountRecord m{"m8", "8", "Zoë-kids 👾", true, false, {"Bibliothèque", "映画"}, "", "", ""};
    store->save_media_account(m);
    BOOST_TEST(store->media_accounts("8")[0].disabled_libraries == m.disabled_libraries);
    BOOST_TEST(store->media_accounts("8")[0].username == m.username);
}

// MariaDB's default collations ignore case: ids and names must match
// case-sensitively on every backend. (utf8mb4_bin still ignores trailing
// spaces, which ids never carry: a service id may not contain a space.)
void lookups_match_exactly(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
    store->save_service(service("ab"));
    BOOST_TEST(store->service("ab").has_value());
    BOOST_TEST(!store->service("AB").has_value());
    BOOST_TEST(!store->service_by_user("U-ab").has_value());
    store->save_service(service("AB"));  // a different service, not an update
    BOOST_TEST(store->service("AB")->user_id == "u-AB");
    BOOST_TEST(store->service("ab")->user_id == "u-ab");
}

// MariaDB and PostgreSQL refuse text longer than its column; a panel's
// long suspension reason must not make a suspension fail.
void long_free_text_is_clipped_not_refused(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
    auto r = service("4");
    std::string reason;
    for (int i = 0; i < 600; ++i)
        reason += "é";
    r.suspend_reason = reason;
    store->save_service(r);
    const std::string stored = store->service("4")->suspend_reason;
    BOOST_TEST(stored.size() == 1000u);  // 500 characters of two bytes
    BOOST_TEST(reason.compare(0, stored.size(), stored) == 0);
    store->audit({"", "suspend_account", "4", "error", -6, std::string(70000, 'x'), 1, 1});
    BOOST_TEST(store->audit_for("4", 1)[0].message.size() == 16000u);
}

void a_wrong_password_fails_without_showing_it(TestDatabase& db)
{
    const std::string secret = "Wr0ng-Secret-Pw";
    const bool mysql = db.dsn().rfind("mysql:", 0) == 0;
    const std::string dsn = db.dsn() + (mysql ? ";password=" : " password=") + secret;
    try {
        Store::open(dsn);
        BOOST_FAIL("opened with a wrong password");
    } catch (const Error& e) {
        const std::string message = e.what();
        BOOST_TEST(e.code() == EMBYPROV_ESTORE);
        BOOST_TEST(message.find(secret) == std::string::npos, message);
        BOOST_TEST(message.find("password=********") != std::string::npos, message);
    }
}

// What a server does to a connection idle past its wait_timeout, or on a
// restart: cut it. The store must carry on with a new one.
void a_connection_the_server_dropped_is_opened_again(TestDatabase& db)
{
    auto store = Store::open(db.dsn());
    store->save_service(service("1"));
    if (db.backend() == StoreBackend::mysql) {
        const Poco::Int64 id = db.scalar(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID() "
            "ORDER BY ID LIMIT 1");
        db.execute("KILL " + std::to_string(id));
    } else {
        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    }
    BOOST_TEST(store->service("1").has_value());
    store->save_service(service("2"));
    BOOST_TEST(store->service("2").has_value());
    // A statement that fails on a live connection is not retried into success.
    BOOST_CHECK_THROW(store->transaction([&] { throw Error(EMBYPROV_EREMOTE, "boom"); }), Error);
    BOOST_TEST(store->schema_version() == kLatest);
}

}  // namespace

const std::vector<StoreBehaviour>& store_behaviours()
{
    static const std::vector<StoreBehaviour> all = {
#define BEHAVIOUR(name) {#name, &name, false}
#define SERVER_BEHAVIOUR(name) {#name, &name, true}
        BEHAVIOUR(a_new_database_is_migrated_to_the_latest_schema),
        BEHAVIOUR(services_round_trip_and_update_in_place),
        BEHAVIOUR(media_accounts_keep_their_order_and_choices),
        BEHAVIOUR(a_connect_account_has_at_most_one_owner),
        BEHAVIOUR(snapshots_and_audit_entries),
        BEHAVIOUR(the_audit_trail_keeps_to_its_retention),
        BEHAVIOUR(device_signouts_keep_to_their_retention),
        BEHAVIOUR(a_failed_transaction_leaves_nothing_behind),
        BEHAVIOUR(a_database_survives_reopening),
        BEHAVIOUR(a_database_from_a_newer_version_is_refused),
        BEHAVIOUR(processes_opening_a_fresh_database_at_once_migrate_it_once),
        BEHAVIOUR(text_survives_exactly),
        BEHAVIOUR(lookups_match_exactly),
        BEHAVIOUR(long_free_text_is_clipped_not_refused),
        SERVER_BEHAVIOUR(a_wrong_password_fails_without_showing_it),
        SERVER_BEHAVIOUR(a_connection_the_server_dropped_is_opened_again),
#undef BEHAVIOUR
#undef SERVER_BEHAVIOUR
    };
    return all;
}

}  // namespace embyprov::testing
