// Client area: delete a media account. Its Emby user goes (with its Connect
// link); the record stays, marked removed.
#include "client_actions.hpp"

namespace embyprov::hooks::client {

json::ObjectPtr media_delete(ClientArea& ca)
{
    const MediaAccountRecord m = ca.owned_media(ca.field("user_id"));
    ca.client.delete_user(m.user_id);
    ca.call.store().mark_media_account_removed(m.user_id);
    ca.forget_media();
    return ca.done(ca.tr.format("media.deleted", {{"username", m.username}}));
}

}  // namespace embyprov::hooks::client
