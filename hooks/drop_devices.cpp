// drop_devices: sign out every device of the service's accounts. Deleting a
// device revokes every token issued to it (emby-api.md §6.3).
#include <set>

#include "hooks.hpp"
#include "operation.hpp"
#include "parallel.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

json::ObjectPtr drop_devices(Call& call)
{
    Operation op(call, "drop_devices");
    const std::string sid = op.service_id();
    Store& store = call.store();
    const ServiceRecord record = require_live_service(store, sid);
    const std::set<std::string> users = account_ids(record, store.media_accounts(sid));

    EmbyClient client = call.client();
    // One DELETE per DeviceId: it signs out every token of that device
    // (Jellyfin lists a device once per token).
    std::vector<std::string> doomed;
    std::set<std::string> seen;
    for (const auto& d : client.list_devices())
        if (users.count(normalize_id(d.last_user_id)) && seen.insert(d.id).second)
            doomed.push_back(d.id);
    rethrow_first(call.parallel(doomed.size(), [&](std::size_t i) { client.delete_device(doomed[i]); }));

    json::ObjectPtr out = json::make_object();
    out->set("devices", static_cast<int>(doomed.size()));
    return out;
}

}  // namespace embyprov::hooks
