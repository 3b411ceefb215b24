// Devices, derived from user access tokens: one entry per DeviceId (Emby)
// or per token (Jellyfin).
#include "router.h"

#include "api_error.h"
#include "dto.h"
#include "sim_state.h"
#include "text_util.h"

#include <algorithm>
#include <map>

namespace sim {

namespace {

std::vector<const AccessToken*> newestFirst(std::vector<const AccessToken*> tokens) {
    std::stable_sort(tokens.begin(), tokens.end(),
                     [](const AccessToken* a, const AccessToken* b) { return a->lastActivity > b->lastActivity; });
    return tokens;
}

// The most recently active user token of each DeviceId, newest first.
std::vector<const AccessToken*> latestTokenPerDevice(const SimState& state) {
    std::map<std::string, const AccessToken*> byDevice;
    for (const auto& token : state.tokens) {
        auto& slot = byDevice[token.info.deviceId];
        if (!slot || slot->lastActivity < token.lastActivity) slot = &token;
    }
    std::vector<const AccessToken*> latest;
    for (const auto& entry : byDevice) latest.push_back(entry.second);
    return newestFirst(std::move(latest));
}

std::string requireDeviceId(const RouteContext& ctx) {
    const std::string id = ctx.query("Id").value_or("");
    if (id.empty()) throw badRequest("Value cannot be null. Parameter name: Id");
    return id;
}

// Every user token, newest first: Jellyfin's device rows are its tokens, so
// a DeviceId two users signed in on is listed twice.
std::vector<const AccessToken*> everyToken(const SimState& state) {
    std::vector<const AccessToken*> all;
    for (const auto& token : state.tokens) all.push_back(&token);
    return newestFirst(std::move(all));
}

// Emby lists each DeviceId once, with its last user; Jellyfin one row per token.
SimResponse listDevices(RouteContext& ctx) {
    const auto latest = ctx.state.dialect.jellyfin() ? everyToken(ctx.state) : latestTokenPerDevice(ctx.state);
    JsonArray items = makeArray();
    for (const AccessToken* token : latest) items->add(deviceDto(ctx.state, *token));
    return jsonResponse(queryResult(items, latest.size(), ctx.state.flavor));
}

SimResponse deviceInfo(RouteContext& ctx) {
    const std::string id = requireDeviceId(ctx);
    for (const AccessToken* token : latestTokenPerDevice(ctx.state))
        if (token->info.deviceId == id) return jsonResponse(deviceDto(ctx.state, *token));
    throw ApiError(404, "Device not found", ErrorOrigin::Problem);
}

// Jellyfin's device rows are its tokens: a DeviceId seen only in a session
// (an API key's) is unknown there.
bool deviceKnown(const SimState& state, const std::string& id) {
    return std::any_of(state.tokens.begin(), state.tokens.end(),
                       [&](const AccessToken& t) { return t.info.deviceId == id; }) ||
           (!state.dialect.jellyfin() && std::any_of(state.sessions.begin(), state.sessions.end(),
                                                     [&](const Session& s) { return s.info.deviceId == id; }));
}

// Every token of the DeviceId is revoked and its sessions end.
void signOutDevice(SimState& state, const std::string& id) {
    state.revokeDeviceTokens(id);
    auto& sessions = state.sessions;
    sessions.erase(std::remove_if(sessions.begin(), sessions.end(),
                                  [&](const Session& s) { return s.info.deviceId == id; }),
                   sessions.end());
}

// Emby does not mind an unknown Id; Jellyfin 10.11 takes one id and answers
// 404 for an unknown one; Jellyfin 12 takes a list (id=a&id=b), answers 400
// when any is unknown and then deletes none, and 204 for no id at all.
SimResponse deleteDevice(RouteContext& ctx) {
    SimState& state = ctx.state;
    if (!state.dialect.deletesDeviceLists()) {
        const std::string id = requireDeviceId(ctx);
        if (state.dialect.jellyfin() && !deviceKnown(state, id))
            throw ApiError(404, "Device not found", ErrorOrigin::Problem);
        signOutDevice(state, id);
        return noContent();
    }
    std::vector<std::string> ids;
    for (const auto& pair : ctx.request.query)
        if (iequals(pair.first, "id")) ids.push_back(pair.second);
    for (const auto& id : ids)
        if (!deviceKnown(state, id)) throw ApiError(400, "A requested device is invalid.", ErrorOrigin::Problem);
    for (const auto& id : ids) signOutDevice(state, id);
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
