// POST /Users/{Id}/Password (Jellyfin also POST /Users/Password?userId=).
#include "router.h"

#include "api_error.h"
#include "options.h"
#include "route_helpers.h"

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
    if (!request.current && ctx.state.flavor == Flavor::Jellyfin) request.current = optString(body, "CurrentPassword");
    request.next = optString(body, "NewPw");
    return request;
}

bool isSelf(const Caller& caller, const User& user) {
    return caller.kind == Caller::Kind::User && caller.userId == user.id;
}

// Emby 3.x (--strict-current-password) signs the target in with CurrentPw
// even for admins, so a disabled target fails with 401. Emby 4.8 lets an
// admin leave CurrentPw out, but checks it when sent. Jellyfin: an admin or
// API key changing someone else needs none; a self-change does (403).
void verifyCurrentPassword(const RouteContext& ctx, const User& user, const PasswordRequest& request) {
    const Caller& caller = ctx.caller;
    if (ctx.state.flavor == Flavor::Jellyfin) {
        if (caller.isAdmin && !isSelf(caller, user)) return;
        if (request.current.value_or("") != user.password) throw forbidden("Invalid user or password entered.");
        return;
    }
    if (ctx.options.strictCurrentPassword) {
        if (user.isDisabled())
            throw unauthorized("The " + user.name +
                               " account is currently disabled. Please consult with your administrator.");
    } else if (caller.isAdmin && !request.current) {
        return;
    }
    if (request.current.value_or("") != user.password) throw badRequest("Invalid user or password entered.");
}

SimResponse updatePassword(RouteContext& ctx, const std::string& userId) {
    emulateApiKeyNullReference(ctx);
    requireSelfOrAdmin(ctx.caller, userId);
    User& user = requireUser(ctx.state, userId);
    if (!ctx.caller.isAdmin && !user.policy.getBool("EnableUserPreferenceAccess"))
        throw forbidden("User is not allowed to change the password.");
    const PasswordRequest request = readRequest(ctx);

    if (request.reset) {
        if (ctx.state.flavor == Flavor::Jellyfin && user.isAdmin())
            throw badRequest("Admin user passwords must not be empty");
        user.password.clear();  // a reset does not revoke tokens
        return noContent();
    }
    verifyCurrentPassword(ctx, user, request);
    if (!request.next) throw badRequest("Value cannot be null. Parameter name: newPassword");
    user.password = *request.next;
    ctx.state.revokeUserTokens(user.id, ctx.caller.token);
    return noContent();
}

}  // namespace

void addPasswordRoutes(Router& router, Flavor flavor) {
    router.add("POST", "Users/{Id}/Password", Access::AnyToken,
               [](RouteContext& ctx) { return updatePassword(ctx, ctx.param("Id")); });
    if (flavor == Flavor::Jellyfin) {
        router.add("POST", "Users/Password", Access::AnyToken, [](RouteContext& ctx) {
            return updatePassword(ctx, ctx.query("userId").value_or(ctx.caller.userId));
        });
    }
}

}  // namespace sim
