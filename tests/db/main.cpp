// The store's behaviours (store_behaviours.cpp) registered once per
// backend: suites "sqlite", "mariadb" and "postgresql", each case on a fresh
// database. ctest runs a server suite only with its fixture (CMakeLists.txt).
#include <boost/test/unit_test.hpp>

#include "store_behaviours.hpp"

namespace {

using embyprov::StoreBackend;
using embyprov::testing::StoreBehaviour;
using embyprov::testing::TestDatabase;

void register_suite(const char* suite_name, StoreBackend backend)
{
    auto* suite = BOOST_TEST_SUITE(suite_name);
    for (const StoreBehaviour& behaviour : embyprov::testing::store_behaviours()) {
        if (behaviour.servers_only && backend == StoreBackend::sqlite)
            continue;
        auto run = behaviour.run;
        suite->add(boost::unit_test::make_test_case(
            [backend, run] {
                TestDatabase db(backend);
                run(db);
            },
            behaviour.name, __FILE__, __LINE__));
    }
    boost::unit_test::framework::master_test_suite().add(suite);
}

bool init_suites()
{
    boost::unit_test::framework::master_test_suite().p_name.value = "embyprov_db";
    register_suite("sqlite", StoreBackend::sqlite);
    register_suite("mariadb", StoreBackend::mysql);
    register_suite("postgresql", StoreBackend::postgresql);
    return true;
}

}  // namespace

int main(int argc, char* argv[])
{
    return boost::unit_test::unit_test_main(&init_suites, argc, argv);
}
