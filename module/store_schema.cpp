#include "store_schema.hpp"

namespace embyprov {

const std::vector<Migration>& schema_migrations()
{
    // Types are the portable subset: VARCHAR, INTEGER, TEXT. Every column is
    // NOT NULL with a default so readers never deal with NULL.
    static const std::vector<Migration> migrations = {
        // 1: services, media accounts, suspension snapshots, audit trail.
        {
            "CREATE TABLE services ("
            " service_id VARCHAR(64) NOT NULL PRIMARY KEY,"
            " server VARCHAR(300) NOT NULL DEFAULT '',"
            " user_id VARCHAR(64) NOT NULL DEFAULT '',"
            " username VARCHAR(128) NOT NULL DEFAULT '',"
            " status VARCHAR(16) NOT NULL DEFAULT 'creating',"
            " suspend_reason VARCHAR(500) NOT NULL DEFAULT '',"
            " password_locked INTEGER NOT NULL DEFAULT 0,"
            " created_at VARCHAR(32) NOT NULL DEFAULT '',"
            " updated_at VARCHAR(32) NOT NULL DEFAULT '',"
            " terminated_at VARCHAR(32) NOT NULL DEFAULT '')",
            "CREATE INDEX services_by_server ON services (server)",
            "CREATE INDEX services_by_user ON services (user_id)",
            "CREATE TABLE media_accounts ("
            " user_id VARCHAR(64) NOT NULL PRIMARY KEY,"
            " service_id VARCHAR(64) NOT NULL,"
            " username VARCHAR(128) NOT NULL,"
            " enabled INTEGER NOT NULL DEFAULT 1,"
            " over_quota INTEGER NOT NULL DEFAULT 0,"
            " disabled_libraries TEXT NOT NULL,"
            " connect_email VARCHAR(320) NOT NULL DEFAULT '',"
            " created_at VARCHAR(32) NOT NULL DEFAULT '',"
            " removed_at VARCHAR(32) NOT NULL DEFAULT '')",
            "CREATE INDEX media_accounts_by_service ON media_accounts (service_id)",
            "CREATE TABLE suspend_snapshots ("
            " service_id VARCHAR(64) NOT NULL,"
            " user_id VARCHAR(64) NOT NULL,"
            " was_disabled INTEGER NOT NULL,"
            " PRIMARY KEY (service_id, user_id))",
            "CREATE TABLE audit_log ("
            " at VARCHAR(32) NOT NULL,"
            " hook VARCHAR(64) NOT NULL,"
            " service_id VARCHAR(64) NOT NULL DEFAULT '',"
            " outcome VARCHAR(16) NOT NULL,"
            " code INTEGER NOT NULL DEFAULT 0,"
            " message TEXT NOT NULL,"
            " requests INTEGER NOT NULL DEFAULT 0,"
            " duration_ms INTEGER NOT NULL DEFAULT 0)",
            "CREATE INDEX audit_by_service ON audit_log (service_id)",
        },
        // 2: the Emby Connect account linked to a main account, so one Connect
        // account is never linked to two accounts this module manages.
        {
            "ALTER TABLE services ADD COLUMN connect_email VARCHAR(320) NOT NULL DEFAULT ''",
        },
    };
    return migrations;
}

}  // namespace embyprov
