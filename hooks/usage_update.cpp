// usage_update: per service on one server, how many devices are signed in,
// how many streams are playing, and how many media accounts exist. Two
// server requests and two store queries for the whole server, however many
// services it holds.
// Being the daily cron, it also holds every service whose product enforces
// a device limit to it (device_limit.hpp): only a service over its limit
// costs more requests, its DELETEs, and each enforcing service one more
// store query, for an interrupted run's journal. And it expires old audit rows.
#include <map>
#include <set>

#include "device_limit.hpp"
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

    // Linear in users, devices and sessions: each list is grouped by user
    // once, and the store answers for the whole server in two queries.
    std::map<std::string, std::vector<const DeviceInfo*>> devices_of;
    std::map<std::string, int> streams_of;
    for (const auto& d : devices)
        devices_of[normalize_id(d.last_user_id)].push_back(&d);
    for (const auto& s : sessions)
        if (!s.now_playing.empty())
            ++streams_of[normalize_id(s.user_id)];
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
        std::vector<const DeviceInfo*> mine;
        int streams = 0;
        for (const auto& u : users) {
            if (auto it = devices_of.find(u); it != devices_of.end())
                mine.insert(mine.end(), it->second.begin(), it->second.end());
            if (auto it = streams_of.find(u); it != streams_of.end())
                streams += it->second;
        }
        json::ObjectPtr o = json::make_object();
        o->set("serviceid", record.service_id);
        o->set("username", record.username);
        o->set("status", record.status);

        std::set<std::string> signed_out;
        if (record.device_limit > 0) {
            std::vector<DeviceInfo> listed;
            for (const DeviceInfo* d : mine)
                listed.push_back(*d);
            const auto doomed = device_limit::beyond_limit(record, media, listed, record.device_limit);
            try {
                for (const auto& d : device_limit::hold(call, client, record.service_id, doomed))
                    signed_out.insert(d.device_id);
            } catch (const Error& e) {
                // One service's failure (its lock held, a DELETE refused)
                // does not stop the others; the next run tries again.
                o->set("device_limit_error", std::string(e.what()));
            }
        }
        int device_rows = 0;
        for (const DeviceInfo* d : mine)
            device_rows += signed_out.count(d->id) ? 0 : 1;
        o->set("devices", device_rows);
        o->set("signed_out", static_cast<int>(signed_out.size()));
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
