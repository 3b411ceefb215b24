// POST /Users/{Id}/Password (Jellyfin also POST /Users/Password?userId=).
#include "router.h"

#include "api_error.h"
#include "options.h"
#include "route_helpers.h"
#include "sim_state.h"
#include "text_util.h"

namespace sim {

namespace {

struct PasswordRequest {
    bool reset = false;
    std::optional<std::string> current;
    std::optional<std::string> next;
};

PasswordRequest readRequest(RouteContext& ctx) {
    const JsonObject& body = ctx.body();
    PasswordRequest request;
    request.reset = optBool(body, "ResetPassword").value_or(false);
    request.current = optString(body, "CurrentPw");
    request.next = optString(body, "NewPw");
    return request;
}

// Emby 3.x (--strict-current-password) signs the target in with CurrentPw
// even for admins, so a disabled target fails with 401. Emby 4.8 lets an
// admin leave CurrentPw out, but checks it when sent.
void verifyEmbyCurrentPassword(const RouteContext& ctx, const User& user, const PasswordRequest& request) {
    if (ctx.options.strictCurrentPassword) {
        if (user.isDisabled())
            throw unauthorized("The " + user.name +
                               " account is currently disabled. Please consult with your administrator.");
    } else if (ctx.caller.isAdmin && !request.current) {
        return;
    }
    if (request.current.value_or("") != user.password) throw badRequest("Invalid user or password entered.");
}

SimResponse updateEmbyPassword(RouteContext& ctx, const std::string& userId) {
    emulateApiKeyNullReference(ctx);
    requireSelfOrAdmin(ctx.caller, userId);
    User& user = requireUser(ctx.state, userId);
    if (!ctx.caller.isAdmin && !user.policy.getBool("EnableUserPreferenceAccess"))
        throw forbidden("User is not allowed to update the password.");
    const PasswordRequest request = readRequest(ctx);
    if (request.reset) {
        user.password.clear();  // a reset does not revoke tokens
        return noContent();
    }
    verifyEmbyCurrentPassword(ctx, user, request);
    if (!request.next) throw badRequest("Value cannot be null. Parameter name: newPassword");
    user.password = *request.next;
    ctx.state.revokeUserTokens(user.id, ctx.caller.token);
    return noContent();
}

// Jellyfin: the user is looked up first (404), then the caller must be the
// user or an admin, and a non-admin needs EnableUserPreferenceAccess (403).
// The current password (CurrentPw only) is checked like a sign-in, failures
// counted, unless the caller is an admin who did not name its own id. A
// missing NewPw is the empty password, which an admin may not have (400).
SimResponse updateJellyfinPassword(RouteContext& ctx, const std::string& userId, bool idNamed) {
    User& user = requireUser(ctx.state, userId);
    const Caller& caller = ctx.caller;
    const bool self = caller.kind == Caller::Kind::User && caller.userId == user.id;
    requireCanUpdate(caller, user, "User is not allowed to update the password.");
    const PasswordRequest request = readRequest(ctx);
    if (request.reset) {
        if (user.isAdmin()) throw badRequest("Admin user passwords must not be empty");
        user.password.clear();  // a reset does not revoke tokens
        return noContent();
    }
    if (!caller.isAdmin || (idNamed && self)) {
        if (request.current.value_or("") != user.password) {
            ctx.state.countFailedLogin(user);
            throw ApiError(403, "Invalid user or password entered.", ErrorOrigin::Controller);
        }
        user.policy.setInt("InvalidLoginAttemptCount", 0);
    }
    const std::string next = request.next.value_or("");
    if (user.isAdmin() && trim(next).empty()) throw badRequest("Admin user passwords must not be empty");
    user.password = next;
    ctx.state.revokeUserTokens(user.id, caller.token);
    return noContent();
}

}  // namespace

void addPasswordRoutes(Router& router, Flavor flavor) {
    if (flavor == Flavor::Emby) {
        router.add("POST", "Users/{Id}/Password", Access::AnyToken,
                   [](RouteContext& ctx) { return updateEmbyPassword(ctx, ctx.param("Id")); });
        return;
    }
    router.add("POST", "Users/{Id}/Password", Access::AnyToken,
               [](RouteContext& ctx) { return updateJellyfinPassword(ctx, ctx.param("Id"), true); });
    router.add("POST", "Users/Password", Access::AnyToken, [](RouteContext& ctx) {
        const auto named = ctx.query("userId");
        return updateJellyfinPassword(ctx, named.value_or(ctx.caller.userId), named.has_value());
    });
}

}  // namespace sim
