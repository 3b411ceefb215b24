#include "test_database.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <stdexcept>

#include <boost/test/unit_test.hpp>

#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include "store_backend.hpp"

using namespace Poco::Data::Keywords;

namespace embyprov::testing {

namespace {

std::string env_dsn(const std::string& var)
{
    if (const char* v = std::getenv(var.c_str()); v && *v)
        return v;
    const std::string file_var = var + "_FILE";
    if (const char* file = std::getenv(file_var.c_str()); file && *file) {
        std::ifstream in(file);
        std::string line;
        std::getline(in, line);
        if (!line.empty())
            return line;
        throw std::runtime_error(file_var + " names " + file +
                                 ", which holds no DSN: the server fixture did not start");
    }
    throw std::runtime_error(var + " is not set: start a server with scripts/db-service.sh start "
                                   "mariadb|postgresql DIR and export it (ctest does this)");
}

// Named after the test case, so a failed run's database is easy to find.
// At most 63 characters (PostgreSQL's limit); the hash keeps long names
// with a common beginning apart.
std::string database_name()
{
    const std::string test = boost::unit_test::framework::current_test_case().p_name;
    std::string name = "embyprov_t_";
    for (char c : test.substr(0, 36))
        name += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
    char hash[16];
    std::snprintf(hash, sizeof hash, "_%08lx",
                  static_cast<unsigned long>(std::hash<std::string>{}(test) & 0xffffffffUL));
    return name + hash;
}

std::unique_ptr<Poco::Data::Session> connect(const std::string& dsn)
{
    return open_store_session(parse_store_dsn(dsn));
}

void drop_database(StoreBackend backend, Poco::Data::Session& session, const std::string& name)
{
    if (backend == StoreBackend::mysql)
        session << "DROP DATABASE IF EXISTS " + name, now;
    else  // FORCE: a test that failed halfway may have left a session open
        session << "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", now;
}

}  // namespace

std::string server_dsn(StoreBackend backend)
{
    return env_dsn(backend == StoreBackend::mysql ? "EMBYPROV_TEST_MYSQL_DSN"
                                                  : "EMBYPROV_TEST_POSTGRESQL_DSN");
}

TestDatabase::TestDatabase(StoreBackend backend) : backend_(backend)
{
    if (backend_ == StoreBackend::sqlite) {
        name_ = Poco::TemporaryFile::tempName() + ".db";
        dsn_ = "sqlite:" + name_;
        return;
    }
    server_dsn_ = server_dsn(backend_);
    name_ = database_name();
    auto admin = connect(server_dsn_);
    drop_database(backend_, *admin, name_);
    if (backend_ == StoreBackend::mysql) {
        // latin1 was MariaDB's default for years and is still common on
        // shared hosts: the store's tables must bring their own charset.
        *admin << "CREATE DATABASE " + name_ + " CHARACTER SET latin1", now;
        dsn_ = server_dsn_ + ";db=" + name_;  // both drivers: a later key wins
    } else {
        *admin << "CREATE DATABASE " + name_, now;
        dsn_ = server_dsn_ + " dbname=" + name_;
    }
}

TestDatabase::~TestDatabase()
{
    try {
        if (backend_ == StoreBackend::sqlite) {
            for (const char* suffix : {"", "-wal", "-shm"}) {
                Poco::File f(name_ + suffix);
                if (f.exists())
                    f.remove();
            }
        } else {
            auto admin = connect(server_dsn_);
            drop_database(backend_, *admin, name_);
        }
    } catch (...) {
    }
}

void TestDatabase::execute(const std::string& sql) const
{
    auto session = connect(dsn_);
    *session << sql, now;
}

Poco::Int64 TestDatabase::scalar(const std::string& sql) const
{
    auto session = connect(dsn_);
    Poco::Int64 value = 0;
    *session << sql, into(value), now;
    return value;
}

}  // namespace embyprov::testing
