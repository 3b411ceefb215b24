// Client area: link, change or remove (empty field) the Emby Connect account
// of the main account.
#include "client_actions.hpp"
#include "client_connect.hpp"

namespace embyprov::hooks::client {

json::ObjectPtr connect_link(ClientArea& ca)
{
    const std::string wanted = check_connect_request(ca, ca.service.user_id, ca.field("connect_email"));
    if (wanted.empty() && !ca.connect_available())
        ca.fail(EMBYPROV_EUNSUPPORTED, "error.connect_unavailable");
    auto user = ca.client.find_user(ca.service.user_id);
    const std::string current = user ? user->connect_user_name : ca.service.connect_email;
    const ConnectChange change = apply_connect(ca, ca.service.user_id, current, wanted);
    ca.service.connect_email = wanted;
    remember_pending(ca.service.connect_pending_since, change);
    ca.call.store().save_service(ca.service);
    return ca.done(connect_message(ca, change, wanted));
}

}  // namespace embyprov::hooks::client
