// Client area: the overview page, and the same page with the password shown.
#include "client_actions.hpp"

namespace embyprov::hooks::client {

json::ObjectPtr overview(ClientArea& ca)
{
    ca.opened();
    return ca.overview_page(false, "", false);
}

json::ObjectPtr reveal_password(ClientArea& ca)
{
    return ca.overview_page(true, "", false);
}

}  // namespace embyprov::hooks::client
