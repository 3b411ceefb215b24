// UserDto, SessionInfo, DeviceInfo and AuthenticationResult.
#include "dto.h"

#include "sim_state.h"

namespace sim {

JsonObject queryResult(const JsonArray& items, std::size_t total, Flavor flavor) {
    JsonObject result = makeObject();
    result->set("Items", items);
    result->set("TotalRecordCount", static_cast<Poco::Int64>(total));
    if (flavor == Flavor::Jellyfin) result->set("StartIndex", Poco::Int64(0));
    return result;
}

JsonObject userDto(const SimState& state, const User& user) {
    const Flavor flavor = state.flavor;
    const bool hasPassword = !user.password.empty() || !state.dialect.reportsPasswordState();
    JsonObject dto = makeObject();
    dto->set("Name", user.name);
    dto->set("ServerId", state.server.id);
    if (flavor == Flavor::Emby) {
        if (user.connect) dto->set("ConnectUserName", user.connect->connectName);
        dto->set("DateCreated", isoDate(user.created, flavor));
        if (user.connect) dto->set("ConnectLinkType", std::string("LinkedUser"));
    }
    dto->set("Id", user.id);
    dto->set("HasPassword", hasPassword);
    dto->set("HasConfiguredPassword", hasPassword);
    dto->set("HasConfiguredEasyPassword", false);
    dto->set("EnableAutoLogin", false);
    if (user.lastLogin) dto->set("LastLoginDate", isoDate(*user.lastLogin, flavor));
    if (user.lastActivity) dto->set("LastActivityDate", isoDate(*user.lastActivity, flavor));
    dto->set("Configuration", user.configuration.toJson());
    dto->set("Policy", user.policy.toJson());
    return dto;
}

namespace {

JsonObject nowPlayingItem(const SimState& state, const std::string& name) {
    JsonObject item = makeObject();
    item->set("Name", name);
    item->set("ServerId", state.server.id);
    item->set("Id", stableHex32("embyprov-sim/item/" + name));
    item->set("Type", std::string("Movie"));
    item->set("IsFolder", false);
    return item;
}

JsonObject jellyfinCapabilities() {
    JsonObject caps = makeObject();
    caps->set("PlayableMediaTypes", makeArray());
    caps->set("SupportedCommands", makeArray());
    caps->set("SupportsMediaControl", false);
    caps->set("SupportsPersistentIdentifier", true);
    return caps;
}

void addSessionUser(JsonObject& dto, SimState& state, const Session& session) {
    const User* user = session.userId.empty() ? nullptr : state.findUser(session.userId);
    if (user) {
        dto->set("UserId", user->id);
        dto->set("UserName", user->name);
    } else if (state.flavor == Flavor::Jellyfin) {
        dto->set("UserId", std::string(32, '0'));  // Guid.Empty: UserId is not nullable there
    }
}

}  // namespace

JsonObject sessionDto(SimState& state, const Session& session) {
    const Flavor flavor = state.flavor;
    JsonObject dto = makeObject();
    dto->set("AdditionalUsers", makeArray());
    if (flavor == Flavor::Jellyfin) dto->set("Capabilities", jellyfinCapabilities());
    dto->set("RemoteEndPoint", std::string("127.0.0.1"));
    if (flavor == Flavor::Emby) dto->set("Protocol", std::string("HTTP/1.1"));
    dto->set("PlayableMediaTypes", makeArray());
    dto->set("Id", session.id);
    dto->set("ServerId", state.server.id);
    addSessionUser(dto, state, session);
    dto->set("Client", session.info.client);
    dto->set("LastActivityDate", isoDate(session.lastActivity, flavor));
    if (flavor == Flavor::Jellyfin) dto->set("LastPlaybackCheckIn", isoDate(session.lastActivity, flavor));
    dto->set("DeviceName", session.info.device);
    if (session.nowPlaying) dto->set("NowPlayingItem", nowPlayingItem(state, *session.nowPlaying));
    if (flavor == Flavor::Emby) dto->set("InternalDeviceId", state.deviceInternalId(session.info.deviceId));
    dto->set("DeviceId", session.info.deviceId);
    dto->set("ApplicationVersion", session.info.version);
    if (flavor == Flavor::Jellyfin) {
        dto->set("IsActive", true);
        dto->set("SupportsMediaControl", false);
        dto->set("HasCustomDeviceName", false);
    }
    dto->set("SupportedCommands", makeArray());
    dto->set("SupportsRemoteControl", false);
    return dto;
}

JsonObject deviceDto(SimState& state, const AccessToken& token) {
    const Flavor flavor = state.flavor;
    const User* user = state.findUser(token.userId);
    JsonObject dto = makeObject();
    dto->set("Name", token.info.device);
    dto->set("Id", token.info.deviceId);
    if (flavor == Flavor::Emby) {
        dto->set("InternalId", state.deviceInternalId(token.info.deviceId));
        dto->set("ReportedDeviceId", token.info.deviceId);
    }
    if (user) dto->set("LastUserName", user->name);
    dto->set("AppName", token.info.client);
    dto->set("AppVersion", token.info.version);
    if (user) dto->set("LastUserId", user->id);
    dto->set("DateLastActivity", isoDate(token.lastActivity, flavor));
    if (flavor == Flavor::Emby) dto->set("IpAddress", std::string("127.0.0.1"));
    else dto->set("Capabilities", jellyfinCapabilities());
    return dto;
}

JsonObject authenticationResult(SimState& state, const User& user, const Session& session,
                                const std::string& accessToken) {
    JsonObject result = makeObject();
    result->set("User", userDto(state, user));
    result->set("SessionInfo", sessionDto(state, session));
    result->set("AccessToken", accessToken);
    result->set("ServerId", state.server.id);
    return result;
}

}  // namespace sim
