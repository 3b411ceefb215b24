// What differs between the state store's backends, in one place, so that
// store.cpp reads the same for all of them: connecting (connector
// registration, SQLite's PRAGMAs, session settings), placeholder syntax, and
// the lock that keeps two processes from migrating one database at once.
#pragma once

#include <memory>
#include <string>

#include "store_dsn.hpp"

namespace Poco::Data {
class Session;
}

namespace embyprov {

/// Registers the backend's connector (once per process) and opens a
/// session ready for use. Throws Error(EMBYPROV_ESTORE); messages show the
/// DSN with its password masked.
std::unique_ptr<Poco::Data::Session> open_store_session(const StoreDsn& dsn);

/// The WAL file whose flush makes a commit durable (SQLite in WAL mode with
/// synchronous NORMAL, as open_store_session sets it up), else "".
std::string wal_file_of(Poco::Data::Session& session, const StoreDsn& dsn);

/// The statement in the backend's placeholder syntax: SQLite and MySQL take
/// '?', PostgreSQL takes $1, $2, ... Quoted literals are left alone.
std::string placeholders_for(StoreBackend backend, const std::string& sql);

/// Call after every commit or rollback. Poco's MySQL session begins a
/// transaction by switching autocommit off and never switches it back, so
/// every later write would wait for a commit that never comes and vanish
/// when the session closes.
void after_transaction(Poco::Data::Session& session, StoreBackend backend);

/// Held while migrating. MariaDB commits DDL implicitly and PostgreSQL can
/// race on CREATE TABLE IF NOT EXISTS, so a transaction alone does not keep
/// two processes apart there: this takes the server's named/advisory lock
/// for the database (GET_LOCK, pg_advisory_lock). SQLite needs none: its
/// write lock, taken first thing in each migration transaction, suffices.
class MigrationLock {
public:
    MigrationLock(Poco::Data::Session& session, StoreBackend backend);
    ~MigrationLock();
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

private:
    Poco::Data::Session& session_;
    StoreBackend backend_;
    bool held_ = false;
};

}  // namespace embyprov
