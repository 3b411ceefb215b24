// The library itself on MariaDB: a context opened through the public C ABI
// with a mysql DSN creates its tables there, answers hooks, and reads what
// another process recorded in the same database.
#include <memory>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "embyprov/embyprov.h"
#include "store.hpp"
#include "store_schema.hpp"
#include "test_database.hpp"

using embyprov::StoreBackend;
using embyprov::testing::TestDatabase;

namespace {

std::string config_for(const std::string& dsn)
{
    Poco::JSON::Object config;
    config.set("database", dsn);
    std::ostringstream text;
    config.stringify(text);
    return text.str();
}

// Runs a hook by name; returns its result JSON, checked to say "success".
std::string call(embyprov_ctx* ctx, const char* hook, const char* params)
{
    char* out = nullptr;
    const int rc = embyprov_call(ctx, hook, params, nullptr, &out);
    BOOST_TEST(rc == EMBYPROV_OK, hook << ": " << embyprov_last_error(ctx));
    BOOST_REQUIRE(out != nullptr);
    std::unique_ptr<char, decltype(&embyprov_free)> owned(out, &embyprov_free);
    auto result = Poco::JSON::Parser().parse(out).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(result->optValue<std::string>("result", "") == "success", out);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(library_on_mariadb)

BOOST_AUTO_TEST_CASE(a_context_on_mariadb_serves_hooks)
{
    TestDatabase db(StoreBackend::mysql);
    const char* tables = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()";
    BOOST_REQUIRE(db.scalar(tables) == 0);

    embyprov_ctx* ctx = nullptr;
    BOOST_REQUIRE(embyprov_open(config_for(db.dsn()).c_str(), &ctx) == EMBYPROV_OK);
    std::unique_ptr<embyprov_ctx, decltype(&embyprov_close)> context(ctx, &embyprov_close);
    // Opening created and migrated the library's tables in MariaDB.
    BOOST_TEST(db.scalar(tables) > 0);
    BOOST_TEST(db.scalar("SELECT version FROM schema_version") ==
               static_cast<Poco::Int64>(embyprov::schema_migrations().size()));

    BOOST_TEST(call(ctx, "meta_data", "{}").find("Emby") != std::string::npos);
    call(ctx, "admin_services_tab", R"({"serviceid":"e2e-unknown-1"})");

    // A service recorded in MariaDB by another process shows in the tab:
    // the context reads the same database.
    embyprov::ServiceRecord seeded;
    seeded.service_id = "e2e-2";
    seeded.user_id = "emby-user-e2e";
    seeded.username = "e2e-customer";
    seeded.status = embyprov::status::kActive;
    embyprov::Store::open(db.dsn())->save_service(seeded);
    BOOST_TEST(call(ctx, "admin_services_tab", R"({"serviceid":"e2e-2"})").find("e2e-customer") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_refused_login_or_bad_dsn_fails_the_open_cleanly)
{
    TestDatabase db(StoreBackend::mysql);
    embyprov_ctx* ctx = nullptr;
    BOOST_TEST(embyprov_open(config_for(db.dsn() + ";password=not-the-password").c_str(), &ctx) ==
               EMBYPROV_ESTORE);
    BOOST_TEST(ctx == nullptr);
    BOOST_TEST(embyprov_open(config_for("mysql:host=127.0.0.1;db=x").c_str(), &ctx) == EMBYPROV_EINVALID);
    BOOST_TEST(ctx == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
