// The versioned schema of the state store. Migration N brings a database
// from version N-1 to N; each is a list of statements run in one transaction.
// MariaDB/MySQL commits each DDL statement on its own: there the migration
// lock (store_backend.hpp) is what keeps two processes apart, and a
// migration that fails halfway keeps its earlier statements, so keep the
// DDL of one migration to what cannot fail once its first statement ran.
//
// Statements are written once in the SQL that SQLite, MariaDB/MySQL and
// PostgreSQL share; a step spells out a backend's variant only where that
// backend needs something else.
#pragma once

#include <string>
#include <vector>

#include "store_dsn.hpp"

namespace embyprov {

struct MigrationStep {
    std::string sql;         ///< the portable statement
    std::string mysql;       ///< MariaDB/MySQL variant; empty = use sql
    std::string postgresql;  ///< PostgreSQL variant; empty = use sql

    const std::string& for_backend(StoreBackend backend) const;
};

using Migration = std::vector<MigrationStep>;

/// All migrations, oldest first; the schema version is their count.
const std::vector<Migration>& schema_migrations();

/// Creates the one-row table holding the schema version, if missing.
const MigrationStep& schema_version_table();

}  // namespace embyprov
