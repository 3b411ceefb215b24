// Small pieces several route files need.
#pragma once

#include "api_error.h"

#include "router.h"
#include "sim_state.h"

#include <optional>
#include <string>

namespace sim {

// The named user, or 404 "User not found" (on Jellyfin: problem details from
// a bare NotFound(), or the message as JSON where the controller names it).
// On Jellyfin an id that is not a Guid fails model binding first: 400.
User& requireUser(SimState& state, const std::string& id, ErrorOrigin notFoundOrigin = ErrorOrigin::Problem);
// Jellyfin's rule for changing a user (RequestHelpers.AssertCanUpdateUser):
// an administrator, or the user itself while EnableUserPreferenceAccess is
// on; else 403 with `message` from the controller.
void requireCanUpdate(const Caller& caller, const User& user, const std::string& message);
// Jellyfin's rule for naming a user in a query (RequestHelpers.GetUserId):
// the caller's own id, or any id for an administrator; else 403.
void requireOwnIdOrAdmin(const Caller& caller, const std::string& userId);
// Query flags like IsDisabled=true: nullopt when absent; junk → 400.
std::optional<bool> queryBool(const RouteContext& ctx, const std::string& name);
// Non-negative integer query parameter; junk → 400.
std::optional<std::size_t> queryCount(const RouteContext& ctx, const std::string& name);
// StartIndex/Limit applied to a list of `total` items: [first, last).
struct PageRange {
    std::size_t first;
    std::size_t last;
};
PageRange pageRange(const RouteContext& ctx, std::size_t total);
// The --api-key-user-update-500 switch: Emby 3.x dereferenced the (absent)
// calling user on these routes when called with a bare API key.
void emulateApiKeyNullReference(const RouteContext& ctx);

}  // namespace sim
