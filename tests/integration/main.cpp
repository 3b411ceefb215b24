#define BOOST_TEST_MODULE embyprov_integration
#include <boost/test/unit_test.hpp>
