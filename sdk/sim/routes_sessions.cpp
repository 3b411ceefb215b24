// GET /Sessions and the remote-control commands, which are only recorded.
#include "router.h"

#include "api_error.h"
#include "route_helpers.h"
#include "dto.h"
#include "sim_state.h"
#include "text_util.h"

#include <algorithm>
#include <cctype>

namespace sim {

namespace {

const std::vector<std::string> kPlaystateCommands = {"Stop",    "Pause",       "Unpause", "NextTrack",
                                                     "PreviousTrack", "Seek", "Rewind",  "FastForward",
                                                     "PlayPause", "SeekRelative"};

// Jellyfin's GeneralCommandType (MediaBrowser.Model/Session/GeneralCommandType.cs).
const std::vector<std::string> kGeneralCommands = {
    "MoveUp", "MoveDown", "MoveLeft", "MoveRight", "PageUp", "PageDown", "PreviousLetter", "NextLetter",
    "ToggleOsd", "ToggleContextMenu", "Select", "Back", "TakeScreenshot", "SendKey", "SendString", "GoHome",
    "GoToSettings", "VolumeUp", "VolumeDown", "Mute", "Unmute", "ToggleMute", "SetVolume", "SetAudioStreamIndex",
    "SetSubtitleStreamIndex", "ToggleFullscreen", "DisplayContent", "GoToSearch", "DisplayMessage",
    "SetRepeatMode", "ChannelUp", "ChannelDown", "Guide", "ToggleStats", "PlayMediaSource", "PlayTrailers",
    "SetShuffleQueue", "PlayState", "PlayNext", "ToggleOsdMenu", "Play", "SetMaxStreamingBitrate",
    "SetPlaybackOrder"};

// An enum value as ASP.NET binds it: a name in any case, or a number.
bool generalCommand(const std::string& text) {
    const bool number = !text.empty() && text.size() < 10 &&
                        std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
    return number || std::any_of(kGeneralCommands.begin(), kGeneralCommands.end(),
                                 [&](const std::string& name) { return iequals(name, text); });
}

// Jellyfin's session filter compares DeviceIds case-insensitively.
SimResponse listSessions(RouteContext& ctx) {
    const bool jellyfin = ctx.state.dialect.jellyfin();
    const auto sameDeviceId = [jellyfin](const std::string& a, const std::string& b) {
        return jellyfin ? iequals(a, b) : a == b;
    };
    const auto deviceId = ctx.query("DeviceId");
    const auto id = ctx.query("Id");
    const bool hidden = ctx.state.dialect.hidesOthersSessions() && !ctx.caller.isAdmin;
    // Jellyfin: controllableByUserId names a user (only an administrator may
    // name another) and keeps the sessions that support remote control; a
    // plain HTTP client never does, so none here.
    const auto controllable = ctx.query("controllableByUserId");
    if (jellyfin && controllable && !controllable->empty()) {
        requireOwnIdOrAdmin(ctx.caller, *controllable);
        return jsonResponse(makeArray());
    }
    // Jellyfin: only sessions active in the last N seconds (N > 0).
    const std::size_t within = jellyfin ? queryCount(ctx, "activeWithinSeconds").value_or(0) : 0;
    const Poco::Timestamp since =
        Poco::Timestamp() - static_cast<Poco::Timestamp::TimeDiff>(within) * Poco::Timestamp::resolution();
    std::vector<const Session*> chosen;
    for (const auto& session : ctx.state.sessions) {
        if (deviceId && !deviceId->empty() && !sameDeviceId(session.info.deviceId, *deviceId)) continue;
        if (id && !id->empty() && !iequals(session.id, *id)) continue;
        if (hidden && !session.userId.empty() && session.userId != ctx.caller.userId) continue;
        if (within > 0 && session.lastActivity < since) continue;
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
        [](RouteContext& ctx) {
            const std::string command = ctx.param("Command");
            if (ctx.state.dialect.jellyfin() && !generalCommand(command))
                throw ApiError(400, "The value '" + command + "' is not valid.", ErrorOrigin::Validation, "command");
            return recordCommand(ctx, "System/" + command);
        },
        filesCallerSession);
    router.add(
        "POST", "Sessions/{SessionId}/Command", Access::AnyToken,
        [](RouteContext& ctx) {
            // Jellyfin requires a GeneralCommand body; a Name must be one.
            if (ctx.state.dialect.jellyfin()) {
                if (trim(ctx.request.body).empty())
                    throw ApiError(400, "A non-empty request body is required.", ErrorOrigin::Validation, "command");
                const auto name = findField(ctx.body(), "Name");
                if (name && !name->isEmpty() && !generalCommand(name->convert<std::string>()))
                    throw ApiError(400, "The JSON value could not be converted.", ErrorOrigin::Validation, "Name");
            }
            return recordCommand(ctx, "Command");
        },
        filesCallerSession);
}

}  // namespace sim
