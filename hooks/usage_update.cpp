// usage_update: per service on one server, how many devices are signed in,
// how many streams are playing, and how many media accounts exist. Two
// server requests for the whole server, however many services it holds.
// Being the daily cron, it also expires old audit rows.
#include <set>

#include "hooks.hpp"
#include "parallel.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

json::ObjectPtr usage_update(Call& call)
{
    Store& store = call.store();
    EmbyClient client = call.client();
    client.flavour();
    std::vector<DeviceInfo> devices;
    std::vector<SessionInfo> sessions;
    rethrow_first(call.parallel(2, [&](std::size_t i) {
        if (i == 0)
            devices = client.list_devices();
        else
            sessions = client.list_sessions();
    }));

    json::ArrayPtr services = new json::Array;
    for (const auto& record : store.services_on(client.server().endpoint.key())) {
        if (record.status == status::kTerminated || record.user_id.empty())
            continue;
        const auto media = store.media_accounts(record.service_id);
        const std::set<std::string> users = account_ids(record, media);
        int device_count = 0, streams = 0;
        for (const auto& d : devices)
            device_count += users.count(normalize_id(d.last_user_id)) ? 1 : 0;
        for (const auto& s : sessions)
            streams += (users.count(normalize_id(s.user_id)) && !s.now_playing.empty()) ? 1 : 0;
        json::ObjectPtr o = json::make_object();
        o->set("serviceid", record.service_id);
        o->set("username", record.username);
        o->set("status", record.status);
        o->set("devices", device_count);
        o->set("active_streams", streams);
        o->set("media_accounts", static_cast<int>(media.size()));
        services->add(o);
    }
    // The panel's daily cron: the time to drop audit rows past their age
    // for services that have had no new ones.
    store.expire_audit();
    json::ObjectPtr out = json::make_object();
    out->set("services", services);
    return out;
}

}  // namespace embyprov::hooks
