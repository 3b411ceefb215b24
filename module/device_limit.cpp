#include "device_limit.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "call.hpp"
#include "emby_client.hpp"
#include "json_util.hpp"
#include "operation.hpp"
#include "parallel.hpp"
#include "service_accounts.hpp"

namespace embyprov::device_limit {

namespace {

std::string encode(const std::vector<DeviceSignout>& devices)
{
    json::ArrayPtr list = new json::Array;
    for (const auto& d : devices) {
        json::ObjectPtr o = json::make_object();
        o->set("id", d.device_id);
        o->set("user_id", d.user_id);
        o->set("username", d.username);
        o->set("name", d.device_name);
        o->set("app", d.app_name);
        list->add(o);
    }
    return json::stringify(Poco::Dynamic::Var(list));
}

std::vector<DeviceSignout> decode(const std::string& text)
{
    std::vector<DeviceSignout> out;
    if (text.empty())
        return out;
    const Poco::Dynamic::Var v = json::parse_remote(text, "a recorded device sign-out");
    if (v.type() != typeid(json::ArrayPtr))
        return out;
    for (const auto& item : *v.extract<json::ArrayPtr>()) {
        if (item.type() != typeid(json::ObjectPtr))
            continue;
        const json::Object& o = *item.extract<json::ObjectPtr>();
        DeviceSignout d;
        d.device_id = json::get_text(o, "id").value_or("");
        d.user_id = json::get_text(o, "user_id").value_or("");
        d.username = json::get_text(o, "username").value_or("");
        d.device_name = json::get_text(o, "name").value_or("");
        d.app_name = json::get_text(o, "app").value_or("");
        if (!d.device_id.empty())
            out.push_back(std::move(d));
    }
    return out;
}

/// Signs the devices out (one DELETE per DeviceId) and records them.
void sign_out(Call* call, EmbyClient& client, const std::vector<DeviceSignout>& devices)
{
    std::vector<std::string> ids;
    for (const auto& d : devices)
        if (std::find(ids.begin(), ids.end(), d.device_id) == ids.end())
            ids.push_back(d.device_id);
    const auto task = [&](std::size_t i) { client.delete_device(ids[i]); };
    if (call)
        rethrow_first(call->parallel(ids.size(), task));
    else
        for (std::size_t i = 0; i < ids.size(); ++i)
            task(i);
}

}  // namespace

std::string activity_key(const std::string& iso)
{
    if (iso.size() < 19)
        return "";
    std::string key = iso.substr(0, 19);
    std::string fraction;
    if (iso.size() > 19 && iso[19] == '.')
        for (std::size_t i = 20; i < iso.size() && fraction.size() < 7 && iso[i] >= '0' && iso[i] <= '9'; ++i)
            fraction += iso[i];
    fraction.resize(7, '0');
    return key + "." + fraction;
}

std::vector<DeviceSignout> beyond_limit(const ServiceRecord& service, const std::vector<MediaAccountRecord>& media,
                                        const std::vector<DeviceInfo>& devices, int limit)
{
    std::vector<DeviceSignout> out;
    if (limit <= 0)
        return out;
    for (const Account& account : accounts_of(service, media)) {
        const std::string user = normalize_id(account.user_id);
        // DeviceId -> its latest row for this account.
        std::map<std::string, const DeviceInfo*> latest;
        for (const auto& d : devices) {
            if (d.id.empty() || normalize_id(d.last_user_id) != user)
                continue;
            const DeviceInfo*& slot = latest[d.id];
            if (!slot || activity_key(slot->date_last_activity) < activity_key(d.date_last_activity))
                slot = &d;
        }
        if (latest.size() <= static_cast<std::size_t>(limit))
            continue;
        std::vector<const DeviceInfo*> order;
        for (const auto& [id, d] : latest)
            order.push_back(d);
        std::sort(order.begin(), order.end(), [](const DeviceInfo* a, const DeviceInfo* b) {
            const std::string ka = activity_key(a->date_last_activity), kb = activity_key(b->date_last_activity);
            return ka != kb ? ka > kb : a->id < b->id;
        });
        for (std::size_t i = static_cast<std::size_t>(limit); i < order.size(); ++i) {
            DeviceSignout s;
            s.device_id = order[i]->id;
            s.user_id = account.user_id;
            s.username = account.username;
            s.device_name = order[i]->name;
            s.app_name = order[i]->app_name;
            out.push_back(std::move(s));
        }
    }
    return out;
}

std::vector<DeviceSignout> hold(Call& call, EmbyClient& client, const std::string& service_id,
                                const std::vector<DeviceSignout>& doomed)
{
    // Nothing beyond the limit and no interrupted run to finish: no lock.
    if (doomed.empty() && !call.store().pending_operation(service_id))
        return {};
    Operation op(call, service_id, operation_kind::kDeviceLimit);
    std::vector<DeviceSignout> all = op.leftover() ? decode(op.leftover()->get("devices")) : std::vector<DeviceSignout>{};
    for (const auto& d : doomed)
        if (std::none_of(all.begin(), all.end(), [&](const DeviceSignout& a) { return a.device_id == d.device_id; }))
            all.push_back(d);
    if (all.empty())
        return all;
    // The record first: a run killed after the DELETEs still names them.
    op.record({{"devices", encode(all)}});
    sign_out(&call, client, all);
    op.complete([&] { call.store().save_device_signouts(service_id, all, kKeepDays); });
    return all;
}

void finish(EmbyClient& client, Store& store, const PendingOperation& leftover)
{
    const std::vector<DeviceSignout> devices = decode(leftover.get("devices"));
    sign_out(nullptr, client, devices);
    store.transaction([&] {
        store.save_device_signouts(leftover.service_id, devices, kKeepDays);
        store.clear_pending_operation(leftover.service_id);
    });
}

}  // namespace embyprov::device_limit
