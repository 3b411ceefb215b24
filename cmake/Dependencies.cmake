# Third-party dependencies, found once for the whole tree.

# Debian's Poco 1.11 CMake package lists MySQL::client and PostgreSQL::client
# in the link interfaces of Poco::DataMySQL / Poco::DataPostgreSQL but never
# defines them, so generation fails ("... contains: MySQL::client but the
# target was not found"). Define both from the client libraries Debian ships
# (libmariadb-dev, libpq-dev; libpoco-dev depends on both) before asking for
# those components. A Poco package that does define them is left alone.
if(NOT TARGET MySQL::client)
  find_library(EMBYPROV_MYSQL_CLIENT_LIBRARY NAMES mariadb mysqlclient REQUIRED)
  # Poco's headers say <mysql/mysql.h>: the folder above mysql/ is wanted.
  find_path(EMBYPROV_MYSQL_CLIENT_INCLUDE_DIR NAMES mysql/mysql.h REQUIRED)
  add_library(MySQL::client UNKNOWN IMPORTED)
  set_target_properties(MySQL::client PROPERTIES
    IMPORTED_LOCATION "${EMBYPROV_MYSQL_CLIENT_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${EMBYPROV_MYSQL_CLIENT_INCLUDE_DIR}")
endif()
if(NOT TARGET PostgreSQL::client)
  find_package(PostgreSQL REQUIRED)  # CMake's own module: PostgreSQL::PostgreSQL
  add_library(PostgreSQL::client INTERFACE IMPORTED)
  set_target_properties(PostgreSQL::client PROPERTIES
    INTERFACE_LINK_LIBRARIES PostgreSQL::PostgreSQL)
endif()

find_package(Poco 1.11 REQUIRED COMPONENTS
  Foundation Net NetSSL Crypto Util JSON Data DataSQLite DataMySQL DataPostgreSQL)
find_package(OpenSSL 1.1 REQUIRED)
# The SQLite Poco links (libsqlite3-dev comes with libpoco-dev), for the
# connection settings Poco does not offer.
find_package(SQLite3 REQUIRED)
find_path(EMBYPROV_MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)

if(EMBYPROV_BUILD_TESTS)
  find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)
endif()
