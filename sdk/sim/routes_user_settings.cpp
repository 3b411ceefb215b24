// POST /Users/{Id}/Policy and /Users/{Id}/Configuration.
#include "router.h"

#include "api_error.h"
#include "route_helpers.h"
#include "user_settings.h"

namespace sim {

namespace {

// Emby answers the guard rails with 400 (ArgumentException), Jellyfin's
// controller with 403 and the message.
void enforceGuardRails(const SimState& state, const User& user, const FieldBag& next) {
    const int status = state.flavor == Flavor::Emby ? 400 : 403;
    const auto refuse = [&](const char* message) { return ApiError(status, message, ErrorOrigin::Controller); };
    const bool willBeAdmin = next.getBool("IsAdministrator");
    const bool willBeDisabled = next.getBool("IsDisabled");
    if (user.isAdmin() && !willBeAdmin && state.adminCount() == 1)
        throw refuse("There must be at least one user in the system with administrative access.");
    // Jellyfin looks at whether the user is an administrator now; Emby also
    // at the policy being written.
    if (willBeDisabled && (user.isAdmin() || (willBeAdmin && !state.dialect.jellyfin())))
        throw refuse("Administrators cannot be disabled.");
    if (willBeDisabled && !user.isDisabled() && state.enabledCount() == 1)
        throw refuse("There must be at least one enabled user in the system.");
}

// Replace-all: the body is read into a fresh policy, fields left out take the
// constructor defaults. Disabling signs the user out everywhere but here.
SimResponse updatePolicy(RouteContext& ctx) {
    User& user = requireUser(ctx.state, ctx.param("Id"));
    FieldBag next = FieldBag::fromJson(policyTable(ctx.state.flavor), ctx.body(), ctx.state.flavor);
    enforceGuardRails(ctx.state, user, next);
    // Jellyfin stores a lockout limit of 0 as its default, 3.
    if (ctx.state.flavor == Flavor::Jellyfin && !next.isNull("LoginAttemptsBeforeLockout") &&
        next.getInt("LoginAttemptsBeforeLockout") == 0)
        next.setInt("LoginAttemptsBeforeLockout", 3);
    // Jellyfin never writes these two lists from a policy update: what the
    // user had (say, from a migration) stays.
    if (ctx.state.dialect.jellyfin())
        for (const char* kept : {"BlockedMediaFolders", "BlockedChannels"}) next.copyField(user.policy, kept);
    const bool disabling = next.getBool("IsDisabled") && !user.isDisabled();
    user.policy = next;
    if (disabling) ctx.state.revokeUserTokens(user.id, ctx.caller.token);
    return noContent();
}

SimResponse updateConfiguration(RouteContext& ctx, const std::string& userId) {
    emulateApiKeyNullReference(ctx);
    if (!ctx.state.dialect.jellyfin()) requireSelfOrAdmin(ctx.caller, userId);
    User& user = requireUser(ctx.state, userId);
    if (ctx.state.dialect.jellyfin()) requireCanUpdate(ctx.caller, user, "User configuration update not allowed");
    FieldBag next = FieldBag::fromJson(configurationTable(ctx.state.flavor), ctx.body(), ctx.state.flavor);
    keepUnwrittenConfiguration(user.configuration, next, ctx.state.flavor);
    user.configuration = next;
    return noContent();
}

}  // namespace

void addUserSettingsRoutes(Router& router, Flavor flavor) {
    router.add("POST", "Users/{Id}/Policy", Access::Admin, updatePolicy);
    router.add("POST", "Users/{Id}/Configuration", Access::AnyToken,
               [](RouteContext& ctx) { return updateConfiguration(ctx, ctx.param("Id")); });
    if (flavor == Flavor::Jellyfin) {
        router.add("POST", "Users/Configuration", Access::AnyToken, [](RouteContext& ctx) {
            return updateConfiguration(ctx, ctx.query("userId").value_or(ctx.caller.userId));
        });
    }
}

}  // namespace sim
