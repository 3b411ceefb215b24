// Client area: signing out the devices of the main account or of one media
// account, and the device list of a media account.
#include "client_actions.hpp"
#include "parallel.hpp"

namespace embyprov::hooks::client {

namespace {

int sign_out(ClientArea& ca, const std::string& user_id)
{
    const auto devices = ca.devices_of(user_id);
    rethrow_first(ca.call.parallel(devices.size(), [&](std::size_t i) { ca.client.delete_device(devices[i].id); }));
    return static_cast<int>(devices.size());
}

}  // namespace

json::ObjectPtr drop_devices(ClientArea& ca)
{
    const int n = sign_out(ca, ca.service.user_id);
    return ca.done(ca.tr.format("devices.dropped", {{"count", std::to_string(n)}}));
}

json::ObjectPtr media_devices(ClientArea& ca)
{
    return ca.media_devices_page(ca.owned_media(ca.field("user_id")), "", false);
}

json::ObjectPtr media_drop_devices(ClientArea& ca)
{
    const MediaAccountRecord m = ca.owned_media(ca.field("user_id"));
    const int n = sign_out(ca, m.user_id);
    const std::string message = ca.tr.format("devices.dropped", {{"count", std::to_string(n)}});
    try {
        return ca.media_devices_page(m, message, false);
    } catch (const Error&) {
        return ca.done(message);  // signed out all the same
    }
}

}  // namespace embyprov::hooks::client
