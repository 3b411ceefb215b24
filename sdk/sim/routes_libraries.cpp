// Libraries: virtual folders, media folders, and a user's views.
#include "router.h"

#include "dto.h"
#include "route_helpers.h"
#include "text_util.h"
#include "user_settings.h"

#include <algorithm>

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

bool listed(const std::vector<std::string>& ids, const Library& library) {
    return std::any_of(ids.begin(), ids.end(),
                       [&](const std::string& id) { return normalizeGuid(id) == library.guid; });
}

// Jellyfin's order of views: the user's OrderedViews first, the rest by name.
void sortJellyfinViews(std::vector<const Library*>& views, const User& user) {
    const std::vector<std::string> order = user.configuration.getStrings("OrderedViews");
    const auto rank = [&](const Library* library) {
        for (std::size_t i = 0; i < order.size(); ++i)
            if (normalizeGuid(order[i]) == library->guid) return i;
        return order.size();
    };
    std::stable_sort(views.begin(), views.end(), [&](const Library* a, const Library* b) {
        const std::size_t ra = rank(a), rb = rank(b);
        return ra != rb ? ra < rb : toLower(a->name) < toLower(b->name);
    });
}

// The libraries this user may see under its current policy. Jellyfin lets
// only an administrator name another user (403), then looks the user up
// (404 from an exception); it leaves out the libraries the user hid
// (MyMediaExcludes) unless includeHidden=true. There are no channels or
// Live TV here, so includeExternalContent changes nothing.
SimResponse userViews(RouteContext& ctx, const std::string& userId) {
    const bool jellyfin = ctx.state.dialect.jellyfin();
    if (jellyfin) requireOwnIdOrAdmin(ctx.caller, userId);
    const User& user = requireUser(ctx.state, userId, ErrorOrigin::Exception);
    const bool includeHidden = jellyfin && queryBool(ctx, "includeHidden").value_or(false);
    const std::vector<std::string> hidden = user.configuration.getStrings("MyMediaExcludes");
    std::vector<const Library*> views;
    for (const auto& library : ctx.state.libraries) {
        if (!policyAllowsLibrary(user.policy, library, ctx.state.flavor)) continue;
        if (jellyfin && !includeHidden && listed(hidden, library)) continue;
        views.push_back(&library);
    }
    if (jellyfin) sortJellyfinViews(views, user);
    JsonArray items = makeArray();
    for (const Library* library : views) items->add(libraryItemDto(ctx.state, *library));
    return jsonResponse(queryResult(items, views.size(), ctx.state.flavor));
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
