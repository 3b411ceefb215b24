// Sign-in and sign-out: /Users/AuthenticateByName, /Users/{Id}/Authenticate,
// /Sessions/Logout.
#include "router.h"

#include "api_error.h"
#include "dto.h"
#include "route_helpers.h"
#include "text_util.h"

#include <algorithm>

namespace sim {

namespace {

const char* const kInvalidCredentials = "Invalid user or password entered.";

// Emby needs Client and DeviceId to file the session (ArgumentNullException
// → 400); Jellyfin refuses a sign-in without all four header fields.
void requireClientInfo(const ClientInfo& info, Flavor flavor) {
    if (flavor == Flavor::Jellyfin) {
        if (info.client.empty() || info.device.empty() || info.deviceId.empty() || info.version.empty())
            throw badRequest("Client, Device, DeviceId and Version are required in the Authorization header.");
        return;
    }
    if (info.deviceId.empty()) throw badRequest("Value cannot be null. Parameter name: deviceId");
    if (info.client.empty()) throw badRequest("Value cannot be null. Parameter name: appName");
}

const char* const kDefaultJellyfinProvider = "Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider";

bool deviceAllowed(const User& user, const std::string& deviceId, Flavor flavor) {
    if (user.policy.getBool("EnableAllDevices")) return true;
    if (flavor == Flavor::Jellyfin && user.isAdmin()) return true;
    for (const auto& allowed : user.policy.getStrings("EnabledDevices"))
        if (flavor == Flavor::Jellyfin ? iequals(allowed, deviceId) : allowed == deviceId) return true;
    return false;
}

// Jellyfin: a user whose provider is not installed (an LDAP plugin gone, a
// typo) is handed to a provider that fails every sign-in.
bool providerKnown(const SimState& state, const User& user) {
    if (state.flavor != Flavor::Jellyfin) return true;
    const std::string provider = user.policy.getString("AuthenticationProviderId");
    return provider.empty() || iequals(provider, kDefaultJellyfinProvider);
}

void checkCredentials(SimState& state, User& user, const std::string& deviceId, const std::string& password) {
    if (state.flavor == Flavor::Emby && !deviceAllowed(user, deviceId, state.flavor))
        throw unauthorized("User is not allowed access from this device.");
    if (user.isDisabled()) {
        const std::string message =
            "The " + user.name + " account is currently disabled. Please consult with your administrator.";
        throw ApiError(state.flavor == Flavor::Emby ? 401 : 403, message);
    }
    if (user.password != password || !providerKnown(state, user)) {
        state.countFailedLogin(user);
        throw unauthorized(kInvalidCredentials);
    }
}

// Jellyfin, once the password is right: the device must be allowed, and
// MaxActiveSessions (0: no limit) counts the user's sessions, keyed by
// Client + DeviceId, before the old token of this device is replaced, so a
// user at the limit cannot even sign in again on the same device.
void checkJellyfinSessionRules(const SimState& state, const User& user, const ClientInfo& info) {
    if (!deviceAllowed(user, info.deviceId, state.flavor))
        throw forbidden("User is not allowed access from this device.");
    const std::int64_t limit = user.policy.getInt("MaxActiveSessions");
    if (limit <= 0) return;
    const auto active = std::count_if(state.sessions.begin(), state.sessions.end(),
                                      [&](const Session& s) { return s.userId == user.id; });
    if (active >= limit) throw forbidden("User is at their maximum number of sessions.");
}

SimResponse signIn(RouteContext& ctx, User* user, const std::string& password) {
    SimState& state = ctx.state;
    const ClientInfo info = ctx.caller.info;
    requireClientInfo(info, state.flavor);
    if (!user) throw unauthorized(kInvalidCredentials);
    checkCredentials(state, *user, info.deviceId, password);
    if (state.flavor == Flavor::Jellyfin) checkJellyfinSessionRules(state, *user, info);

    Poco::Timestamp now;
    user->lastLogin = now;
    user->lastActivity = now;
    user->policy.setInt("InvalidLoginAttemptCount", 0);
    const std::string token = state.issueToken(*user, info).token;
    const Session session = state.touchSession(info, user->id);
    return jsonResponse(authenticationResult(state, *user, session, token));
}

SimResponse authenticateByName(RouteContext& ctx) {
    const JsonObject& body = ctx.body();
    const std::string username = optString(body, "Username").value_or("");
    const std::string password = optString(body, "Pw").value_or("");
    return signIn(ctx, ctx.state.findUserByName(username), password);
}

// Emby reads the password from the body; Jellyfin's obsolete route from the
// required query parameter pw (model binding: missing or empty is a 400).
SimResponse authenticateById(RouteContext& ctx) {
    std::string password;
    if (ctx.state.dialect.jellyfin()) {
        password = ctx.query("pw").value_or("");
        if (password.empty()) throw ApiError(400, "The pw field is required.", ErrorOrigin::Validation, "pw");
    }
    User& user = requireUser(ctx.state, ctx.param("Id"), ErrorOrigin::Controller);
    if (!ctx.state.dialect.jellyfin()) password = optString(ctx.body(), "Pw").value_or("");
    return signIn(ctx, &user, password);
}

// Revokes only the caller's own token (an API key stays valid).
SimResponse logout(RouteContext& ctx) {
    if (ctx.caller.kind == Caller::Kind::User) ctx.state.revokeToken(ctx.caller.token);
    return noContent();
}

}  // namespace

void addAuthenticationRoutes(Router& router, Flavor) {
    router.add("POST", "Users/AuthenticateByName", Access::Anonymous, authenticateByName);
    router.add("POST", "Users/{Id}/Authenticate", Access::Anonymous, authenticateById);
    router.add("POST", "Sessions/Logout", Access::AnyToken, logout);
}

}  // namespace sim
