// The state store's DSN: which backend it names and what that backend's
// Poco::Data connector is given. The password is split out so every message
// can show the DSN without it.
//
//   sqlite:PATH | sqlite::memory:
//   mysql:host=H;port=P;db=NAME;user=U;password=W   (also "mariadb:")
//   postgresql:host=H port=P dbname=NAME user=U password=W   (libpq key=value)
#pragma once

#include <string>

namespace embyprov {

enum class StoreBackend { sqlite, mysql, postgresql };

struct StoreDsn {
    StoreBackend backend = StoreBackend::sqlite;
    std::string connector;   ///< Poco::Data connector key
    std::string connection;  ///< the connector's connection string; holds the password
    std::string database;    ///< the SQLite path, or the server's database name
    std::string password;    ///< "" for SQLite
    std::string display;     ///< the DSN with the password masked, for messages

    /// A text (a driver's error message) with the password masked.
    std::string masked(const std::string& text) const;
};

/// Throws Error(EMBYPROV_EINVALID) for an unknown prefix (naming the
/// supported ones) or a malformed connection string.
StoreDsn parse_store_dsn(const std::string& dsn);

/// "SQLite", "MariaDB/MySQL" or "PostgreSQL", for messages.
const char* backend_name(StoreBackend backend);

}  // namespace embyprov
