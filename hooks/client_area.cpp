// client_area: the customer's self-service pages. Not part of this release
// yet; the entry point exists so hosts can wire it, and it says so plainly.
#include "error.hpp"
#include "hooks.hpp"

namespace embyprov::hooks {

json::ObjectPtr client_area(Call&)
{
    throw Error(EMBYPROV_EUNSUPPORTED, "the client area is not available in this version");
}

}  // namespace embyprov::hooks
