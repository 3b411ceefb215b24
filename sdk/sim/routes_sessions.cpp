// GET /Sessions and the remote-control commands, which are only recorded.
#include "router.h"

#include "api_error.h"
#include "dto.h"
#include "sim_state.h"
#include "text_util.h"

#include <algorithm>

namespace sim {

namespace {

const std::vector<std::string> kPlaystateCommands = {"Stop",    "Pause",       "Unpause", "NextTrack",
                                                     "PreviousTrack", "Seek", "Rewind",  "FastForward",
                                                     "PlayPause", "SeekRelative"};

// Jellyfin's session filter compares DeviceIds case-insensitively.
SimResponse listSessions(RouteContext& ctx) {
    const bool jellyfin = ctx.state.dialect.jellyfin();
    const auto sameDeviceId = [jellyfin](const std::string& a, const std::string& b) {
        return jellyfin ? iequals(a, b) : a == b;
    };
    const auto deviceId = ctx.query("DeviceId");
    const auto id = ctx.query("Id");
    const bool hidden = ctx.state.dialect.hidesOthersSessions() && !ctx.caller.isAdmin;
    std::vector<const Session*> chosen;
    for (const auto& session : ctx.state.sessions) {
        if (deviceId && !deviceId->empty() && !sameDeviceId(session.info.deviceId, *deviceId)) continue;
        if (id && !id->empty() && !iequals(session.id, *id)) continue;
        if (hidden && !session.userId.empty() && session.userId != ctx.caller.userId) continue;
        chosen.push_back(&session);
    }
    std::stable_sort(chosen.begin(), chosen.end(),
                     [](const Session* a, const Session* b) { return a->lastActivity > b->lastActivity; });
    JsonArray array = makeArray();
    for (const Session* session : chosen) array->add(sessionDto(ctx.state, *session));
    return jsonResponse(array);
}

SimResponse recordCommand(RouteContext& ctx, const std::string& command) {
    Session* session = ctx.state.findSession(ctx.param("SessionId"));
    if (!session) throw notFound("Session not found");
    ctx.body();  // a malformed body is still a 400
    ctx.state.commands.push_back({session->id, session->info.deviceId, command, ctx.request.body, Poco::Timestamp()});
    return noContent();
}

SimResponse playstateCommand(RouteContext& ctx) {
    const std::string command = ctx.param("Command");
    auto known = std::find_if(kPlaystateCommands.begin(), kPlaystateCommands.end(),
                              [&](const std::string& c) { return iequals(c, command); });
    // Jellyfin's PlaystateCommand has no SeekRelative (Emby 4.8 has).
    const bool unknown = known == kPlaystateCommands.end() || (ctx.state.dialect.jellyfin() && *known == "SeekRelative");
    if (unknown) throw ApiError(400, "The value '" + command + "' is not valid.", ErrorOrigin::Validation, "command");
    return recordCommand(ctx, "Playing/" + *known);
}

}  // namespace

void addSessionRoutes(Router& router, Flavor) {
    router.add("GET", "Sessions", Access::AnyToken, listSessions);
    // The commands name the sending session, which Jellyfin files for the
    // caller (an API key's included).
    const bool filesCallerSession = true;
    router.add("POST", "Sessions/{SessionId}/Playing/{Command}", Access::AnyToken, playstateCommand,
               filesCallerSession);
    router.add(
        "POST", "Sessions/{SessionId}/Message", Access::AnyToken,
        [](RouteContext& ctx) {
            // Jellyfin's MessageCommand requires a non-empty Text.
            if (ctx.state.dialect.jellyfin() && optString(ctx.body(), "Text").value_or("").empty())
                throw ApiError(400, "The Text field is required.", ErrorOrigin::Validation, "Text");
            return recordCommand(ctx, "Message");
        },
        filesCallerSession);
    router.add(
        "POST", "Sessions/{SessionId}/System/{Command}", Access::AnyToken,
        [](RouteContext& ctx) { return recordCommand(ctx, "System/" + ctx.param("Command")); }, filesCallerSession);
    router.add(
        "POST", "Sessions/{SessionId}/Command", Access::AnyToken,
        [](RouteContext& ctx) { return recordCommand(ctx, "Command"); }, filesCallerSession);
}

}  // namespace sim
