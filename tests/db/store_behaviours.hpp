// What the state store must do on every backend, written once. main.cpp
// registers each behaviour as a test case in one suite per backend
// (sqlite, mariadb, postgresql), each run on a fresh database.
#pragma once

#include <vector>

#include "test_database.hpp"

namespace embyprov::testing {

struct StoreBehaviour {
    const char* name;
    void (*run)(TestDatabase& db);
    bool servers_only = false;  ///< about connecting to a server (SQLite has none)
};

const std::vector<StoreBehaviour>& store_behaviours();

}  // namespace embyprov::testing
