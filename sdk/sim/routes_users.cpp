// User listing, lookup, creation, update (rename/configuration) and deletion.
#include "router.h"

#include "api_error.h"
#include "dto.h"
#include "route_helpers.h"
#include "text_util.h"
#include "user_names.h"
#include "user_settings.h"

#include <algorithm>

namespace sim {

namespace {

// Users sorted by name, with the optional IsHidden/IsDisabled filters.
std::vector<const User*> listUsers(RouteContext& ctx) {
    const auto hidden = queryBool(ctx, "IsHidden");
    const auto disabled = queryBool(ctx, "IsDisabled");
    const auto startsWith = ctx.query("NameStartsWithOrGreater");
    std::vector<std::pair<std::string, const User*>> keyed;
    for (const auto& user : ctx.state.users) {
        if (hidden && user.isHidden() != *hidden) continue;
        if (disabled && user.isDisabled() != *disabled) continue;
        if (startsWith && toLower(user.name) < toLower(*startsWith)) continue;
        keyed.emplace_back(toLower(user.name), &user);
    }
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const User*> users;
    for (const auto& entry : keyed) users.push_back(entry.second);
    return users;
}

SimResponse queryUsers(RouteContext& ctx) {
    const auto users = listUsers(ctx);
    const PageRange range = pageRange(ctx, users.size());
    JsonArray items = makeArray();
    for (std::size_t i = range.first; i < range.last; ++i) items->add(userDto(ctx.state, *users[i]));
    return jsonResponse(queryResult(items, users.size(), ctx.state.flavor));
}

SimResponse legacyUserList(RouteContext& ctx) {
    JsonArray array = makeArray();
    for (const User* user : listUsers(ctx)) array->add(userDto(ctx.state, *user));
    return jsonResponse(array);
}

// For a login screen: neither hidden nor disabled (Jellyfin: by name).
SimResponse publicUsers(RouteContext& ctx) {
    std::vector<const User*> shown;
    for (const auto& user : ctx.state.users)
        if (!user.isHidden() && !user.isDisabled()) shown.push_back(&user);
    if (ctx.state.dialect.jellyfin())
        std::stable_sort(shown.begin(), shown.end(),
                         [](const User* a, const User* b) { return toLower(a->name) < toLower(b->name); });
    JsonArray array = makeArray();
    for (const User* user : shown) array->add(userDto(ctx.state, *user));
    return jsonResponse(array);
}

SimResponse getUser(RouteContext& ctx) {
    return jsonResponse(userDto(ctx.state, requireUser(ctx.state, ctx.param("Id"), ErrorOrigin::Controller)));
}

SimResponse currentUser(RouteContext& ctx) {
    if (ctx.caller.kind != Caller::Kind::User)
        throw ApiError(400, "No user is associated with this token.", ErrorOrigin::Problem);
    return jsonResponse(userDto(ctx.state, requireUser(ctx.state, ctx.caller.userId)));
}

// Emby 4.8 CreateUserByName.CopyFromUserId: clone a template user's policy
// and/or configuration (both when UserCopyOptions is left out).
void copyFromTemplate(RouteContext& ctx, User& user) {
    const JsonObject& body = ctx.body();
    const auto templateId = optString(body, "CopyFromUserId");
    if (!templateId || templateId->empty()) return;
    const User* source = ctx.state.findUser(*templateId);
    if (!source) throw badRequest("CopyFromUserId: user not found.");
    const auto options = optStringList(body, "UserCopyOptions");
    for (const auto& option : options.value_or(std::vector<std::string>{}))
        if (option != "UserPolicy" && option != "UserConfiguration")
            throw badRequest("Invalid value for 'UserCopyOptions'.");
    const auto wants = [&](const char* what) {
        return !options || options->empty() || std::find(options->begin(), options->end(), what) != options->end();
    };
    if (wants("UserPolicy")) user.policy = source->policy;
    if (wants("UserConfiguration")) user.configuration = source->configuration;
}

SimResponse createUser(RouteContext& ctx) {
    const JsonObject& body = ctx.body();
    const std::string name = optString(body, "Name").value_or(ctx.query("Name").value_or(""));
    validateUserName(ctx.state, name, "");
    const std::string password =
        ctx.state.flavor == Flavor::Jellyfin ? optString(body, "Password").value_or("") : std::string();
    // Validate the template before creating anything.
    User draft;
    draft.policy = FieldBag(policyTable(ctx.state.flavor));
    draft.configuration = FieldBag(configurationTable(ctx.state.flavor));
    if (ctx.state.flavor == Flavor::Emby) copyFromTemplate(ctx, draft);
    // A new Jellyfin user may not manage Live TV, though a policy that
    // leaves the field out turns it on.
    if (ctx.state.flavor == Flavor::Jellyfin) draft.policy.setBool("EnableLiveTvManagement", false);

    User& user = ctx.state.addUser(name, password);
    user.policy = draft.policy;
    user.configuration = draft.configuration;
    return jsonResponse(userDto(ctx.state, user));
}

// POST /Users/{Id} (Jellyfin also POST /Users?userId=): full UserDto, of
// which only Name and Configuration are applied. Jellyfin renames first and
// then fails on a missing Configuration (500), the new name kept.
SimResponse updateUser(RouteContext& ctx, const std::string& userId) {
    emulateApiKeyNullReference(ctx);
    if (!ctx.state.dialect.jellyfin()) requireSelfOrAdmin(ctx.caller, userId);
    User& user = requireUser(ctx.state, userId);
    if (ctx.state.dialect.jellyfin()) requireCanUpdate(ctx.caller, user, "User update not allowed.");
    const JsonObject& body = ctx.body();
    const std::string name = optString(body, "Name").value_or("");
    if (name != user.name) {
        validateUserName(ctx.state, name, user.id);
        if (ctx.state.dialect.refusesCaseOnlyRename() && sameUserName(name, user.name))
            throw badRequest("The new and old names must be different.");
    }
    std::optional<FieldBag> configuration;
    const auto value = findField(body, "Configuration");
    if (value && !value->isEmpty()) {
        JsonObject object = asObject(*value);
        if (!object) throw badRequest("'Configuration' must be an object.");
        configuration = FieldBag::fromJson(configurationTable(ctx.state.flavor), object, ctx.state.flavor);
    }
    user.name = name;
    if (configuration) {
        keepUnwrittenConfiguration(user.configuration, *configuration, ctx.state.flavor);
        user.configuration = *configuration;
    } else if (ctx.state.flavor == Flavor::Jellyfin) {
        throw ApiError(500, "Object reference not set to an instance of an object.");
    }
    return noContent();
}

SimResponse deleteUser(RouteContext& ctx) {
    User& user = requireUser(ctx.state, ctx.param("Id"));
    const bool jellyfin = ctx.state.flavor == Flavor::Jellyfin;
    // Jellyfin signs the user out before its user manager checks the rails,
    // so a refused delete still ends every session of the user.
    if (jellyfin) ctx.state.revokeUserTokens(user.id, "");
    if (ctx.state.users.size() == 1)
        throw ApiError(jellyfin ? 500 : 400, "The user '" + user.name +
                                                 "' cannot be deleted because there must be at least one user "
                                                 "in the system.");
    if (user.isAdmin() && ctx.state.adminCount() == 1)
        throw badRequest("The user '" + user.name +
                         "' cannot be deleted because there must be at least one admin user in the system.");
    // Tokens and sessions go first; the Connect link lives on the user record.
    const std::string id = user.id;
    ctx.state.removeUser(id);
    return noContent();
}

}  // namespace

void addUserRoutes(Router& router, Flavor flavor) {
    const bool emby = flavor == Flavor::Emby;
    if (emby) router.add("GET", "Users/Query", Access::Admin, queryUsers);
    router.add("GET", "Users/Public", Access::Anonymous, publicUsers);
    router.add("GET", "Users", Access::AnyToken, legacyUserList);
    if (!emby) router.add("GET", "Users/Me", Access::AnyToken, currentUser);
    router.add("POST", "Users/New", Access::Admin, createUser);
    router.add("GET", "Users/{Id}", Access::AnyToken, getUser);
    router.add("POST", "Users/{Id}", Access::AnyToken,
               [](RouteContext& ctx) { return updateUser(ctx, ctx.param("Id")); });
    if (!emby) {
        router.add("POST", "Users", Access::AnyToken, [](RouteContext& ctx) {
            return updateUser(ctx, ctx.query("userId").value_or(ctx.caller.userId));
        });
    }
    router.add("DELETE", "Users/{Id}", Access::Admin, deleteUser);
    if (emby) router.add("POST", "Users/{Id}/Delete", Access::Admin, deleteUser);
}

}  // namespace sim
