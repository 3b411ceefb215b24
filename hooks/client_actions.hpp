// The client-area actions, one small file each, dispatched by client_area.cpp.
#pragma once

#include "client_area.hpp"

namespace embyprov::hooks::client {

json::ObjectPtr overview(ClientArea& ca);
json::ObjectPtr reveal_password(ClientArea& ca);
json::ObjectPtr drop_devices(ClientArea& ca);
json::ObjectPtr change_password(ClientArea& ca);
json::ObjectPtr connect_link(ClientArea& ca);
json::ObjectPtr media_add(ClientArea& ca);
json::ObjectPtr media_edit_form(ClientArea& ca);
json::ObjectPtr media_edit(ClientArea& ca);
json::ObjectPtr media_delete(ClientArea& ca);
json::ObjectPtr media_devices(ClientArea& ca);
json::ObjectPtr media_drop_devices(ClientArea& ca);

}  // namespace embyprov::hooks::client
