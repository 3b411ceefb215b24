// A fresh, empty database for the running test case, on any backend: a
// temporary file for SQLite, a database of its own (created now, dropped
// afterwards) on the MariaDB or PostgreSQL server that the ctest fixture
// started. The server is named by EMBYPROV_TEST_MYSQL_DSN /
// EMBYPROV_TEST_POSTGRESQL_DSN, or by a file holding the DSN in the same
// variable with _FILE appended (what scripts/db-service.sh writes).
#pragma once

#include <string>

#include <Poco/Types.h>

#include "store_dsn.hpp"

namespace embyprov::testing {

class TestDatabase {
public:
    explicit TestDatabase(StoreBackend backend);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    /// The DSN of the fresh database, in the form Store::open takes.
    const std::string& dsn() const { return dsn_; }
    StoreBackend backend() const { return backend_; }

    /// Runs one statement on it directly (not through the store).
    void execute(const std::string& sql) const;
    /// The single integer a statement such as SELECT COUNT(*) returns.
    Poco::Int64 scalar(const std::string& sql) const;

private:
    StoreBackend backend_;
    std::string server_dsn_;  ///< the fixture's database, used to create and drop ours
    std::string name_;        ///< our database name, or the SQLite file
    std::string dsn_;
};

/// The fixture's DSN for a server backend; throws with instructions when
/// it is not set.
std::string server_dsn(StoreBackend backend);

}  // namespace embyprov::testing
