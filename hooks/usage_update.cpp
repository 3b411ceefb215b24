// usage_update: per service on one server, how many devices are signed in,
// how many streams are playing, and how many media accounts exist. Two
// server requests and two store queries for the whole server, however many
// services it holds.
// Being the daily cron, it also expires old audit rows.
#include <map>
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

    // Linear in users, devices and sessions: each list is counted by user
    // once, and the store answers for the whole server in two queries.
    std::map<std::string, int> devices_of, streams_of;
    for (const auto& d : devices)
        ++devices_of[normalize_id(d.last_user_id)];
    for (const auto& s : sessions)
        if (!s.now_playing.empty())
            ++streams_of[normalize_id(s.user_id)];
    const auto count = [](const std::map<std::string, int>& by_user, const std::set<std::string>& users) {
        int n = 0;
        for (const auto& u : users)
            if (auto it = by_user.find(u); it != by_user.end())
                n += it->second;
        return n;
    };
    const std::string server = client.server().endpoint.key();
    const auto media_of = store.media_accounts_on(server);
    const std::vector<MediaAccountRecord> none;
    json::ArrayPtr services = new json::Array;
    for (const auto& record : store.services_on(server)) {
        if (record.status == status::kTerminated || record.user_id.empty())
            continue;
        const auto found = media_of.find(record.service_id);
        const auto& media = found == media_of.end() ? none : found->second;
        const std::set<std::string> users = account_ids(record, media);
        json::ObjectPtr o = json::make_object();
        o->set("serviceid", record.service_id);
        o->set("username", record.username);
        o->set("status", record.status);
        o->set("devices", count(devices_of, users));
        o->set("active_streams", count(streams_of, users));
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
