// Setting the main account's password, for the admin hook and for the
// customer's own change in the client area alike.
#pragma once

#include <string>

#include "emby_client.hpp"
#include "store.hpp"

namespace embyprov {

/// Sets the password of the service's main account. If the server cleared
/// the old password but refused the new one, the account is disabled (and
/// the record marked) until a later change succeeds, which re-enables it.
void set_account_password(Store& store, EmbyClient& client, ServiceRecord& record,
                          const std::string& password);

}  // namespace embyprov
