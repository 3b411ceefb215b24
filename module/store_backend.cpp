#include "store_backend.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>

#include "error.hpp"

using namespace Poco::Data::Keywords;

namespace embyprov {

namespace {

// How long a session may take to connect, SQLite waits for another
// process's write lock, and a process waits for another one's migration.
constexpr int kLoginTimeoutS = 10;
constexpr int kSqliteBusyMs = 10000;
constexpr int kMigrationWaitS = 60;

// Poco's connectors are not registered by linking them; registering twice
// is harmless but needs a lock, so once per process and backend.
void register_connector(StoreBackend backend)
{
    static std::once_flag sqlite, mysql, postgresql;
    switch (backend) {
    case StoreBackend::sqlite:
        std::call_once(sqlite, [] { Poco::Data::SQLite::Connector::registerConnector(); });
        break;
    case StoreBackend::mysql:
        std::call_once(mysql, [] { Poco::Data::MySQL::Connector::registerConnector(); });
        break;
    case StoreBackend::postgresql:
        std::call_once(postgresql, [] { Poco::Data::PostgreSQL::Connector::registerConnector(); });
        break;
    }
}

// The folder must exist (fail at once with a clear message; SQLite would
// retry for a minute), and a new database file is created readable by its
// owner only: it holds usernames and e-mail addresses. SQLite gives the
// -wal and -shm files the database file's mode.
void prepare_sqlite_file(const StoreDsn& dsn)
{
    if (dsn.database == ":memory:")
        return;
    const Poco::Path parent = Poco::Path(dsn.database).makeParent();
    if (!parent.toString().empty() && !Poco::File(parent).exists())
        throw Error(EMBYPROV_ESTORE, "cannot open the state database '" + dsn.database +
                                         "': its folder does not exist");
    const int fd = ::open(dsn.database.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        ::close(fd);
    else if (errno != EEXIST)
        throw Error(EMBYPROV_ESTORE, "cannot create the state database '" + dsn.database +
                                         "': " + std::strerror(errno));
}

// Switching a new database file to WAL needs it to itself for a moment.
// When two connections switch at once, each holds a shared lock and waits
// for the other's, so SQLite answers one of them "database is locked" at
// once instead of waiting out busy_timeout. Try again until that timeout.
std::string enter_wal(Poco::Data::Session& session)
{
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(kSqliteBusyMs);
    for (int attempt = 1;; ++attempt) {
        try {
            std::string mode;
            session << "PRAGMA journal_mode = WAL", into(mode), now;
            return mode;
        } catch (const Poco::Data::SQLite::DBLockedException&) {
            if (std::chrono::steady_clock::now() >= give_up)
                throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(attempt < 25 ? 2 * attempt : 50));
        }
    }
}

void prepare_session(Poco::Data::Session& session, const StoreDsn& dsn)
{
    switch (dsn.backend) {
    case StoreBackend::sqlite:
        // Panels run many worker processes against one file: wait for locks
        // instead of failing, and let readers proceed during writes.
        session << "PRAGMA busy_timeout = " + std::to_string(kSqliteBusyMs), now;
        if (dsn.database != ":memory:") {
            const std::string mode = enter_wal(session);
            // Commits wait for no disk flush; the store flushes the WAL
            // when it matters (store_durability.hpp). Without WAL (a file
            // system that cannot share memory) every commit stays flushed.
            if (Poco::toLower(mode) == "wal") {
                session << "PRAGMA synchronous = NORMAL", now;
                // A PHP request opens and closes the store each time; the
                // last connection out would checkpoint and delete the WAL
                // (two flushes), and the next one in would create it again
                // (two more). SQLite checkpoints on its own as the WAL grows.
                sqlite3_db_config(Poco::Data::SQLite::Utility::dbHandle(session), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                                  1, static_cast<int*>(nullptr));
            }
        }
        session << "PRAGMA foreign_keys = ON", now;
        break;
    case StoreBackend::mysql:
        // The character set travels in the connection string (store_dsn.cpp).
        break;
    case StoreBackend::postgresql:
        // libpq prints server NOTICEs ("relation already exists, skipping")
        // on stderr, which is the panel's error log.
        session << "SET client_min_messages = warning", now;
        break;
    }
}

// One migration lock per database. MariaDB's lock names are server-wide,
// so the database name is part of it (cut to the 64-character limit);
// PostgreSQL's advisory locks are per database already, and the key is
// "embyprov" in ASCII.
constexpr const char* kMySqlLockName = "LEFT(CONCAT('embyprov.migrate.', DATABASE()), 64)";
constexpr const char* kPgLockKey = "7308324447475839862";

}  // namespace

std::unique_ptr<Poco::Data::Session> open_store_session(const StoreDsn& dsn)
{
    if (dsn.backend == StoreBackend::sqlite)
        prepare_sqlite_file(dsn);
    register_connector(dsn.backend);
    try {
        auto session = std::make_unique<Poco::Data::Session>(dsn.connector, dsn.connection,
                                                             kLoginTimeoutS);
        prepare_session(*session, dsn);
        return session;
    } catch (const Poco::Exception& e) {
        const std::string where =
            dsn.backend == StoreBackend::sqlite ? dsn.database : dsn.display;
        throw Error(EMBYPROV_ESTORE, "cannot open the state database '" + where + "' (" +
                                         backend_name(dsn.backend) + "): " + dsn.masked(e.displayText()));
    }
}

std::string wal_file_of(Poco::Data::Session& session, const StoreDsn& dsn)
{
    if (dsn.backend != StoreBackend::sqlite || dsn.database == ":memory:")
        return {};
    std::string mode;
    session << "PRAGMA journal_mode", into(mode), now;
    // Absolute: the host may change its working folder before the first
    // flush opens the file (SQLite itself holds the database by its
    // absolute name).
    return Poco::toLower(mode) == "wal" ? Poco::Path(dsn.database).absolute().toString() + "-wal" : std::string();
}

std::string placeholders_for(StoreBackend backend, const std::string& sql)
{
    if (backend != StoreBackend::postgresql)
        return sql;
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    char quote = 0;  // inside '...' or "..." when set; doubled quotes re-enter
    for (char c : sql) {
        if (quote) {
            if (c == quote)
                quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += '$' + std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

void after_transaction(Poco::Data::Session& session, StoreBackend backend)
{
    if (backend == StoreBackend::mysql)
        session.setFeature("autoCommit", true);
}

MigrationLock::MigrationLock(Poco::Data::Session& session, StoreBackend backend)
    : session_(session), backend_(backend)
{
    try {
        if (backend_ == StoreBackend::mysql) {
            Poco::Int64 got = 0;  // NULL (an error) reads as 0 too
            session_ << std::string("SELECT GET_LOCK(") + kMySqlLockName + ", " +
                            std::to_string(kMigrationWaitS) + ")",
                into(got), now;
            held_ = got == 1;
        } else if (backend_ == StoreBackend::postgresql) {
            // pg_advisory_lock would wait without bound; poll instead.
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kMigrationWaitS);
            do {
                int got = 0;
                session_ << std::string("SELECT CASE WHEN pg_try_advisory_lock(") + kPgLockKey +
                                ") THEN 1 ELSE 0 END",
                    into(got), now;
                held_ = got == 1;
                if (!held_)
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
            } while (!held_ && std::chrono::steady_clock::now() < deadline);
        } else {
            return;
        }
    } catch (const Poco::Exception& e) {
        throw Error(EMBYPROV_ESTORE, "state store: taking the migration lock failed: " + e.displayText());
    }
    if (!held_)
        throw Error(EMBYPROV_ESTORE, "state store: another process has been migrating the database for " +
                                         std::to_string(kMigrationWaitS) + " s; giving up");
}

MigrationLock::~MigrationLock()
{
    if (!held_)
        return;
    // Closing the session releases the lock too, so a failure here is moot.
    try {
        Poco::Int64 released = 0;
        if (backend_ == StoreBackend::mysql)
            session_ << std::string("SELECT RELEASE_LOCK(") + kMySqlLockName + ")", into(released), now;
        else
            session_ << std::string("SELECT CASE WHEN pg_advisory_unlock(") + kPgLockKey +
                            ") THEN 1 ELSE 0 END",
                into(released), now;
    } catch (...) {
    }
}

}  // namespace embyprov
