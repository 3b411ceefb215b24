// Emby Connect against the fake directory: link, unlink, and the legacy
// guest routes (absent in 4.x mode, so they fall through to 404).
#include "router.h"

#include "api_error.h"
#include "sim_state.h"
#include "text_util.h"

#include <algorithm>

namespace sim {

namespace {

// The Connect code looks the local user up with an ArgumentException → 400.
User& requireLinkUser(SimState& state, const std::string& id) {
    User* user = state.findUser(id);
    if (!user) throw badRequest("User not found.");
    return *user;
}

void requireConnectReachable(const SimState& state) {
    if (state.connectUnreachable) throw ApiError(502, "Unable to reach the Emby Connect server.");
}

const User* userLinkedTo(const SimState& state, const std::string& connectName, const std::string& exceptId) {
    auto it = std::find_if(state.users.begin(), state.users.end(), [&](const User& u) {
        return u.id != exceptId && u.connect && iequals(u.connect->connectName, connectName);
    });
    return it == state.users.end() ? nullptr : &*it;
}

SimResponse linkConnect(RouteContext& ctx) {
    User& user = requireLinkUser(ctx.state, ctx.param("Id"));
    const std::string wanted = trim(ctx.boundField("ConnectUsername").value_or(""));
    if (wanted.empty()) throw badRequest("Value cannot be null. Parameter name: connectUsername");
    requireConnectReachable(ctx.state);
    const ConnectAccount* account = ctx.state.findConnectAccount(wanted);
    if (!account) throw ApiError(500, "Connect user not found");
    if (!account->active) throw badRequest("The Emby account has been disabled.");
    if (userLinkedTo(ctx.state, account->name, user.id))
        throw ApiError(409, "The Emby Connect user is already linked to another user on this server.");

    // Linking replaces this user's previous link and shows up at once, even
    // while the e-mail confirmation is pending.
    user.connect = ConnectLink{account->name, account->pending};
    JsonObject result = makeObject();
    result->set("IsPending", account->pending);
    result->set("IsNewUserInvitation", false);
    result->set("GuestDisplayName", account->name);
    return jsonResponse(result);
}

SimResponse unlinkConnect(RouteContext& ctx) {
    User& user = requireLinkUser(ctx.state, ctx.param("Id"));
    requireConnectReachable(ctx.state);
    user.connect.reset();
    return noContent();
}

SimResponse pendingGuests(RouteContext&) { return jsonResponse(makeArray()); }

}  // namespace

void addConnectRoutes(Router& router, Flavor flavor) {
    if (flavor != Flavor::Emby) return;  // Jellyfin has no Connect at all
    router.add("POST", "Users/{Id}/Connect/Link", Access::Admin, linkConnect);
    router.add("DELETE", "Users/{Id}/Connect/Link", Access::Admin, unlinkConnect);
    router.add("POST", "Users/{Id}/Connect/Link/Delete", Access::Admin, unlinkConnect);
    router.add("GET", "Connect/Pending", Access::Admin, pendingGuests);
}

}  // namespace sim
