// Which tests run on which server when the suite runs against Jellyfin
// (EMBYPROV_ITEST_SERVER, see fixture.hpp).
#pragma once

#include <boost/test/unit_test.hpp>

#include "fixture.hpp"

namespace itest {

inline boost::test_tools::assertion_result emby_server(boost::unit_test::test_unit_id)
{
    boost::test_tools::assertion_result r(default_server_is_emby());
    r.message() << "Emby only";
    return r;
}

/// For a test of something only Emby has (Emby Connect, its 3.x quirks):
/// skipped when the suite runs against Jellyfin.
inline boost::unit_test::decorator::precondition emby_only()
{
    return boost::unit_test::precondition(&emby_server);
}

}  // namespace itest
