# Third-party dependencies, found once for the whole tree.
#
# Debian's Poco 1.11 package names MySQL::client / PostgreSQL::client in the
# link interfaces of its DataMySQL / DataPostgreSQL targets without creating
# them. We only ask for the components we use, so that never bites here, but
# keep the component list explicit for that reason.

find_package(Poco 1.11 REQUIRED COMPONENTS
  Foundation Net NetSSL Crypto Util JSON Data DataSQLite)
find_package(OpenSSL 1.1 REQUIRED)
find_path(EMBYPROV_MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)

if(EMBYPROV_BUILD_TESTS)
  find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)
endif()
