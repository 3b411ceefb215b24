#define BOOST_TEST_MODULE embyprov_unit
#include <boost/test/unit_test.hpp>
