// The state store's backend-independent parts: DSN parsing and masking,
// placeholders, the schema's per-backend variants, and SQLite specifics.
// What the store must do with data is written once in
// tests/db/store_behaviours.cpp and runs there on SQLite, MariaDB and
// PostgreSQL alike.
#include <boost/test/unit_test.hpp>

#include "config.hpp"
#include "error.hpp"
#include "store.hpp"
#include "store_backend.hpp"
#include "store_dsn.hpp"
#include "store_schema.hpp"

using namespace embyprov;

namespace {

// The Error's message when fn throws one, "" when it does not.
template <typename Fn>
std::string error_of(Fn&& fn, embyprov_error expected_code)
{
    try {
        fn();
    } catch (const Error& e) {
        BOOST_TEST(e.code() == expected_code);
        return e.what();
    }
    BOOST_ERROR("no Error thrown");
    return "";
}

bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(state_store)

BOOST_AUTO_TEST_CASE(an_in_memory_database_is_migrated_to_the_latest_schema)
{
    auto store = Store::open("sqlite::memory:");
    BOOST_TEST(store->schema_version() == static_cast<int>(schema_migrations().size()));
}

BOOST_AUTO_TEST_CASE(unknown_backends_and_unwritable_paths_fail_clearly)
{
    const std::string unknown = error_of([] { Store::open("oracle:x"); }, EMBYPROV_EINVALID);
    BOOST_TEST(has(unknown, "'oracle'"));
    BOOST_TEST(has(unknown, "sqlite:PATH"));
    BOOST_TEST(has(unknown, "mysql:"));
    BOOST_TEST(has(unknown, "postgresql:"));
    // A connection string pasted without its prefix is not echoed.
    const std::string pasted =
        error_of([] { Store::open("host=db;password=Pasted-Secret"); }, EMBYPROV_EINVALID);
    BOOST_TEST(!has(pasted, "Pasted-Secret"), pasted);
    error_of([] { Store::open("sqlite:"); }, EMBYPROV_EINVALID);
    error_of([] { Store::open("sqlite:/nonexistent-dir/x/y.db"); }, EMBYPROV_ESTORE);
}

BOOST_AUTO_TEST_CASE(mysql_dsns_are_checked_and_masked)
{
    const StoreDsn d = parse_store_dsn("mysql:host=127.0.0.1; port=3306;db=embyprov;user=u;password=p=w!");
    BOOST_TEST((d.backend == StoreBackend::mysql));
    BOOST_TEST(d.connector == "mysql");
    BOOST_TEST(d.database == "embyprov");
    BOOST_TEST(d.password == "p=w!");
    BOOST_TEST(has(d.connection, "password=p=w!"));
    BOOST_TEST(has(d.connection, "character-set=utf8mb4"));  // Poco's default is 3-byte utf8
    BOOST_TEST(!has(d.display, "p=w!"));
    BOOST_TEST(has(d.display, "password=********"));
    BOOST_TEST(d.masked("login p=w! refused") == "login ******** refused");
    BOOST_TEST((parse_store_dsn("mariadb:db=x;user=u").backend == StoreBackend::mysql));
    BOOST_TEST(parse_store_dsn("mysql:db=a;user=u;db=b").database == "b");  // later wins, as in Poco
    BOOST_TEST(has(error_of([] { parse_store_dsn("mysql:db=x;user=u;pasword=x"); }, EMBYPROV_EINVALID),
                   "'pasword'"));
    error_of([] { parse_store_dsn("mysql:host=h;user=u"); }, EMBYPROV_EINVALID);
    error_of([] { parse_store_dsn("mysql:db=x;user=u;garbage"); }, EMBYPROV_EINVALID);
}

BOOST_AUTO_TEST_CASE(postgresql_dsns_are_checked_and_masked)
{
    const StoreDsn d = parse_store_dsn(
        R"(postgresql:host=127.0.0.1 port = 5432 dbname=embyprov user=u password='it\'s a \\ secret')");
    BOOST_TEST((d.backend == StoreBackend::postgresql));
    BOOST_TEST(d.database == "embyprov");
    BOOST_TEST(d.password == R"(it's a \ secret)");
    BOOST_TEST(has(d.connection, R"(password='it\'s a \\ secret')"));
    BOOST_TEST(has(d.connection, "connect_timeout=10"));
    BOOST_TEST(!has(d.display, "secret"));
    BOOST_TEST(has(d.display, "password=********"));
    BOOST_TEST(parse_store_dsn("postgresql:dbname=a dbname=b").database == "b");
    error_of([] { parse_store_dsn("postgresql:host=h user=u"); }, EMBYPROV_EINVALID);
    error_of([] { parse_store_dsn("postgresql://u:pw@h/db"); }, EMBYPROV_EINVALID);
    error_of([] { parse_store_dsn("postgresql:dbname=x password='open"); }, EMBYPROV_EINVALID);
    error_of([] { parse_store_dsn("postgresql:dbname"); }, EMBYPROV_EINVALID);
}

BOOST_AUTO_TEST_CASE(an_unreachable_server_fails_without_showing_the_password)
{
    // Port 1 on loopback refuses at once: no server needed.
    for (const char* dsn : {"mysql:host=127.0.0.1;port=1;db=x;user=u;password=S3cret-Value",
                            "postgresql:host=127.0.0.1 port=1 dbname=x user=u password=S3cret-Value"}) {
        const std::string message = error_of([&] { Store::open(dsn); }, EMBYPROV_ESTORE);
        BOOST_TEST(!has(message, "S3cret-Value"), message);
        BOOST_TEST(has(message, "password=********"), message);
    }
}

BOOST_AUTO_TEST_CASE(placeholders_are_numbered_for_postgresql_only)
{
    const std::string sql = "UPDATE t SET a = ?, b = 'what?' WHERE c = ? AND d = \"x?\"";
    BOOST_TEST(placeholders_for(StoreBackend::postgresql, sql) ==
               "UPDATE t SET a = $1, b = 'what?' WHERE c = $2 AND d = \"x?\"");
    BOOST_TEST(placeholders_for(StoreBackend::postgresql, "x = 'it''s?' OR y = ?") ==
               "x = 'it''s?' OR y = $1");
    BOOST_TEST(placeholders_for(StoreBackend::mysql, sql) == sql);
    BOOST_TEST(placeholders_for(StoreBackend::sqlite, sql) == sql);
}

BOOST_AUTO_TEST_CASE(mariadb_tables_bring_their_engine_and_collation)
{
    for (const Migration& migration : schema_migrations())
        for (const MigrationStep& step : migration) {
            const std::string& mysql = step.for_backend(StoreBackend::mysql);
            if (step.sql.rfind("CREATE TABLE", 0) == 0)
                BOOST_TEST(has(mysql, "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"), mysql);
            BOOST_TEST(step.for_backend(StoreBackend::sqlite) == step.sql);
        }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(context_config)

BOOST_AUTO_TEST_CASE(defaults_and_bounds)
{
    Config d = Config::parse(nullptr);
    BOOST_TEST(d.tls_verify);
    BOOST_TEST(d.max_parallel == 16);
    BOOST_TEST(d.server_connections == 16);
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
