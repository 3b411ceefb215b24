// Libraries: virtual folders, media folders, and a user's views.
#include "router.h"

#include "dto.h"
#include "route_helpers.h"
#include "user_settings.h"

namespace sim {

namespace {

std::vector<JsonObject> virtualFolders(const SimState& state) {
    std::vector<JsonObject> items;
    for (const auto& library : state.libraries) items.push_back(virtualFolderDto(state, library));
    return items;
}

SimResponse queryVirtualFolders(RouteContext& ctx) {
    const auto all = virtualFolders(ctx.state);
    const PageRange range = pageRange(ctx, all.size());
    JsonArray items = makeArray();
    for (std::size_t i = range.first; i < range.last; ++i) items->add(all[i]);
    return jsonResponse(queryResult(items, all.size(), ctx.state.flavor));
}

SimResponse legacyVirtualFolders(RouteContext& ctx) {
    JsonArray array = makeArray();
    for (const auto& item : virtualFolders(ctx.state)) array->add(item);
    return jsonResponse(array);
}

SimResponse mediaFolders(RouteContext& ctx) {
    JsonArray items = makeArray();
    for (const auto& library : ctx.state.libraries) items->add(libraryItemDto(ctx.state, library));
    return jsonResponse(queryResult(items, ctx.state.libraries.size(), ctx.state.flavor));
}

SimResponse selectableMediaFolders(RouteContext& ctx) {
    JsonArray array = makeArray();
    for (const auto& library : ctx.state.libraries) array->add(selectableFolderDto(library));
    return jsonResponse(array);
}

// The libraries this user may see under its current policy. Jellyfin lets
// only an administrator name another user (403), then looks the user up
// (404 from an exception).
SimResponse userViews(RouteContext& ctx, const std::string& userId) {
    if (ctx.state.dialect.jellyfin()) requireOwnIdOrAdmin(ctx.caller, userId);
    const User& user = requireUser(ctx.state, userId, ErrorOrigin::Exception);
    JsonArray items = makeArray();
    std::size_t count = 0;
    for (const auto& library : ctx.state.libraries) {
        if (!policyAllowsLibrary(user.policy, library, ctx.state.flavor)) continue;
        items->add(libraryItemDto(ctx.state, library));
        ++count;
    }
    return jsonResponse(queryResult(items, count, ctx.state.flavor));
}

}  // namespace

void addLibraryRoutes(Router& router, Flavor flavor) {
    const bool emby = flavor == Flavor::Emby;
    if (emby) router.add("GET", "Library/VirtualFolders/Query", Access::Admin, queryVirtualFolders);
    router.add("GET", "Library/VirtualFolders", Access::Admin, legacyVirtualFolders);
    router.add("GET", "Library/MediaFolders", emby ? Access::AnyToken : Access::Admin, mediaFolders);
    if (emby) router.add("GET", "Library/SelectableMediaFolders", Access::Admin, selectableMediaFolders);
    router.add("GET", "Users/{Id}/Views", Access::AnyToken,
               [](RouteContext& ctx) { return userViews(ctx, ctx.param("Id")); });
    if (!emby) {
        router.add("GET", "UserViews", Access::AnyToken, [](RouteContext& ctx) {
            return userViews(ctx, ctx.query("userId").value_or(ctx.caller.userId));
        });
    }
}

}  // namespace sim
