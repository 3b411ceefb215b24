#include "store_schema.hpp"

namespace embyprov {

namespace {

// MariaDB/MySQL table options. InnoDB: a server whose default engine is
// MyISAM would silently ignore rollbacks. utf8mb4: full Unicode (the server
// default may be latin1 or the 3-byte utf8). utf8mb4_bin: compare case-
// sensitively, as SQLite and PostgreSQL do; the default collations ignore
// case, so a lookup by id or name could match another row. (It still
// ignores trailing spaces, like every collation MySQL and MariaDB share;
// ids never end in one.)
constexpr const char* kMySqlTableOptions = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

MigrationStep table(const std::string& create)
{
    return {create, create + kMySqlTableOptions, ""};
}

MigrationStep portable(const std::string& sql)
{
    return {sql, "", ""};
}

}  // namespace

const std::string& MigrationStep::for_backend(StoreBackend backend) const
{
    if (backend == StoreBackend::mysql && !mysql.empty())
        return mysql;
    if (backend == StoreBackend::postgresql && !postgresql.empty())
        return postgresql;
    return sql;
}

const MigrationStep& schema_version_table()
{
    static const MigrationStep step =
        table("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    return step;
}

const std::vector<Migration>& schema_migrations()
{
    // Types are the portable subset: VARCHAR, INTEGER, TEXT. Every column is
    // NOT NULL with a default so readers never deal with NULL. VARCHAR
    // lengths are enforced by MariaDB and PostgreSQL (not by SQLite), so the
    // store clips free text to them; indexed VARCHARs stay within InnoDB's
    // 3072-byte key limit at 4 bytes a character.
    static const std::vector<Migration> migrations = {
        // 1: services, media accounts, suspension snapshots, audit trail.
        {
            table("CREATE TABLE services ("
                  " service_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                  " server VARCHAR(300) NOT NULL DEFAULT '',"
                  " user_id VARCHAR(64) NOT NULL DEFAULT '',"
                  " username VARCHAR(128) NOT NULL DEFAULT '',"
                  " status VARCHAR(16) NOT NULL DEFAULT 'creating',"
                  " suspend_reason VARCHAR(500) NOT NULL DEFAULT '',"
                  " password_locked INTEGER NOT NULL DEFAULT 0,"
                  " created_at VARCHAR(32) NOT NULL DEFAULT '',"
                  " updated_at VARCHAR(32) NOT NULL DEFAULT '',"
                  " terminated_at VARCHAR(32) NOT NULL DEFAULT '')"),
            portable("CREATE INDEX services_by_server ON services (server)"),
            portable("CREATE INDEX services_by_user ON services (user_id)"),
            table("CREATE TABLE media_accounts ("
                  " user_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                  " service_id VARCHAR(64) NOT NULL,"
                  " username VARCHAR(128) NOT NULL,"
                  " enabled INTEGER NOT NULL DEFAULT 1,"
                  " over_quota INTEGER NOT NULL DEFAULT 0,"
                  " disabled_libraries TEXT NOT NULL,"
                  " connect_email VARCHAR(320) NOT NULL DEFAULT '',"
                  " created_at VARCHAR(32) NOT NULL DEFAULT '',"
                  " removed_at VARCHAR(32) NOT NULL DEFAULT '')"),
            portable("CREATE INDEX media_accounts_by_service ON media_accounts (service_id)"),
            table("CREATE TABLE suspend_snapshots ("
                  " service_id VARCHAR(64) NOT NULL,"
                  " user_id VARCHAR(64) NOT NULL,"
                  " was_disabled INTEGER NOT NULL,"
                  " PRIMARY KEY (service_id, user_id))"),
            table("CREATE TABLE audit_log ("
                  " at VARCHAR(32) NOT NULL,"
                  " hook VARCHAR(64) NOT NULL,"
                  " service_id VARCHAR(64) NOT NULL DEFAULT '',"
                  " outcome VARCHAR(16) NOT NULL,"
                  " code INTEGER NOT NULL DEFAULT 0,"
                  " message TEXT NOT NULL,"
                  " requests INTEGER NOT NULL DEFAULT 0,"
                  " duration_ms INTEGER NOT NULL DEFAULT 0)"),
            portable("CREATE INDEX audit_by_service ON audit_log (service_id)"),
        },
        // 2: the Emby Connect account linked to a main account, so one Connect
        // account is never linked to two accounts this module manages.
        {
            portable("ALTER TABLE services ADD COLUMN connect_email VARCHAR(320) NOT NULL DEFAULT ''"),
        },
        // 3: when a Connect link was requested and Emby Connect still waits for
        // its owner to confirm it by e-mail ('' = not pending). The server does
        // not say so later, so the module remembers it to show the customer.
        {
            portable("ALTER TABLE services ADD COLUMN connect_pending_since VARCHAR(32) NOT NULL DEFAULT ''"),
            portable("ALTER TABLE media_accounts ADD COLUMN connect_pending_since VARCHAR(32) NOT NULL DEFAULT ''"),
        },
        // 4: crash safety. The operation journal holds what an unfinished
        // operation needs to finish or undo its change on the server (one row
        // per service at most); media accounts get a creation sequence, so
        // "the newest" never depends on a one-second clock.
        {
            table("CREATE TABLE operations ("
                  " service_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                  " kind VARCHAR(32) NOT NULL,"
                  " data TEXT NOT NULL,"
                  " started_at VARCHAR(32) NOT NULL DEFAULT '',"
                  " updated_at VARCHAR(32) NOT NULL DEFAULT '')"),
            portable("ALTER TABLE media_accounts ADD COLUMN seq INTEGER NOT NULL DEFAULT 0"),
        },
        // 5: device limits. The limit a service's product enforces (0: none),
        // kept because the daily run is called per server, without products;
        // and the devices the module signed out to hold it, for the notice
        // the customer sees (one row per device, the latest time).
        {
            portable("ALTER TABLE services ADD COLUMN device_limit INTEGER NOT NULL DEFAULT 0"),
            table("CREATE TABLE device_signouts ("
                  " service_id VARCHAR(64) NOT NULL,"
                  " device_id VARCHAR(255) NOT NULL,"
                  " user_id VARCHAR(64) NOT NULL DEFAULT '',"
                  " username VARCHAR(128) NOT NULL DEFAULT '',"
                  " device_name VARCHAR(255) NOT NULL DEFAULT '',"
                  " app_name VARCHAR(255) NOT NULL DEFAULT '',"
                  " signed_out_at VARCHAR(32) NOT NULL DEFAULT '',"
                  " PRIMARY KEY (service_id, device_id))"),
        },
    };
    return migrations;
}

}  // namespace embyprov
