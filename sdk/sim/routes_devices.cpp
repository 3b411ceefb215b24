// Devices, derived from user access tokens: one entry per DeviceId.
#include "router.h"

#include "api_error.h"
#include "dto.h"
#include "sim_state.h"

#include <algorithm>
#include <map>

namespace sim {

namespace {

// The most recently active user token of each DeviceId, newest first.
std::vector<const AccessToken*> latestTokenPerDevice(const SimState& state) {
    std::map<std::string, const AccessToken*> byDevice;
    for (const auto& token : state.tokens) {
        auto& slot = byDevice[token.info.deviceId];
        if (!slot || slot->lastActivity < token.lastActivity) slot = &token;
    }
    std::vector<const AccessToken*> latest;
    for (const auto& entry : byDevice) latest.push_back(entry.second);
    std::stable_sort(latest.begin(), latest.end(),
                     [](const AccessToken* a, const AccessToken* b) { return a->lastActivity > b->lastActivity; });
    return latest;
}

std::string requireDeviceId(const RouteContext& ctx) {
    const std::string id = ctx.query("Id").value_or("");
    if (id.empty()) throw badRequest("Value cannot be null. Parameter name: Id");
    return id;
}

SimResponse listDevices(RouteContext& ctx) {
    const auto latest = latestTokenPerDevice(ctx.state);
    JsonArray items = makeArray();
    for (const AccessToken* token : latest) items->add(deviceDto(ctx.state, *token));
    return jsonResponse(queryResult(items, latest.size(), ctx.state.flavor));
}

SimResponse deviceInfo(RouteContext& ctx) {
    const std::string id = requireDeviceId(ctx);
    for (const AccessToken* token : latestTokenPerDevice(ctx.state))
        if (token->info.deviceId == id) return jsonResponse(deviceDto(ctx.state, *token));
    throw notFound("Device not found");
}

// Signs the device out: every token of that DeviceId is revoked and its
// sessions end. Emby does not mind an unknown Id; Jellyfin 10.11 answers
// 404, Jellyfin 12 (which takes a list of ids) 400.
SimResponse deleteDevice(RouteContext& ctx) {
    const std::string id = requireDeviceId(ctx);
    const int revoked = ctx.state.revokeDeviceTokens(id);
    auto& sessions = ctx.state.sessions;
    const auto before = sessions.size();
    sessions.erase(std::remove_if(sessions.begin(), sessions.end(),
                                  [&](const Session& s) { return s.info.deviceId == id; }),
                   sessions.end());
    if (ctx.state.flavor == Flavor::Jellyfin && revoked == 0 && before == sessions.size())
        throw ApiError(ctx.state.dialect.unknownDeviceDeleteStatus(), "A requested device is invalid.");
    return noContent();
}

}  // namespace

void addDeviceRoutes(Router& router, Flavor flavor) {
    router.add("GET", "Devices", Access::Admin, listDevices);
    router.add("GET", "Devices/Info", Access::Admin, deviceInfo);
    router.add("DELETE", "Devices", Access::Admin, deleteDevice);
    if (flavor == Flavor::Emby) router.add("POST", "Devices/Delete", Access::Admin, deleteDevice);
}

}  // namespace sim
