// The rules that turn a product into an Emby/Jellyfin UserPolicy. Policies
// are replace-all on the server, so these functions edit a policy that was
// read from the server (or from the template user) and leave every field
// they do not own exactly as it was.
#pragma once

#include <string>
#include <vector>

#include "emby_types.hpp"
#include "json_util.hpp"
#include "product.hpp"

namespace embyprov {

/// Which libraries an account may see.
struct LibraryGrant {
    bool all = true;
    std::vector<std::string> access_ids;  ///< what EnabledFolders holds (Guid on Emby 4.x)
    std::vector<std::string> names;

    bool operator==(const LibraryGrant& o) const { return all == o.all && access_ids == o.access_ids; }
};

/// Maps product library entries (names, case-insensitive, or Guid/Id/ItemId)
/// to the server's libraries. Unknown entries are an error naming them, so
/// a typo in a product never silently grants nothing.
LibraryGrant resolve_libraries(const std::vector<std::string>& wanted,
                               const std::vector<VirtualFolderInfo>& libraries);

/// The grant minus the libraries in `excluded` (access ids), for a media
/// account whose owner switched some of their libraries off.
LibraryGrant narrow_grant(const LibraryGrant& grant, const std::vector<std::string>& excluded,
                          const std::vector<VirtualFolderInfo>& libraries);

/// Applies the product to `policy` in place. The stream limit goes into
/// Emby's SimultaneousStreamLimit. Jellyfin has no stream limit: its
/// MaxActiveSessions counts signed-in devices and refuses sign-ins beyond
/// it, so it is set to 0 (no limit) and the stream limit is not applied.
void apply_product(json::Object& policy, const ProductSettings& product,
                   const LibraryGrant& grant, Flavour flavour);

/// Replaces the sign-in rules in a policy copied from a template user with
/// those of the new user's own policy (`own`, the server's defaults): which
/// devices may sign in, the failed-login lockout and its counters, and the
/// authentication and password-reset providers. A template's restrictions
/// belong to the template user; copied, they would stop the customer from
/// signing in (a device list, a lockout already counted, an LDAP provider).
/// On Jellyfin, whose policy requires both provider ids, a missing one is
/// set to the built-in provider.
void keep_own_sign_in_rules(json::Object& policy, const json::Object& own, Flavour flavour);

/// What the server keeps of a policy, as text: a policy whose stored form
/// did not change needs no write. Jellyfin never stores BlockedMediaFolders
/// or BlockedChannels from a policy body (it echoes them back whatever is
/// sent), so there they are left out.
std::string stored_form(const json::Object& policy, Flavour flavour);

/// Sets IsDisabled; the one field suspension owns.
void set_disabled(json::Object& policy, bool disabled);

/// A copy of a policy, for basing a new user on a template user's.
json::ObjectPtr copy_policy(const json::Object& policy);

/// Validates a customer- or panel-chosen username: 1..64 characters, no
/// control characters, none of < > / \ " and no leading/trailing spaces.
/// Returns "" when fine, else the reason.
std::string username_problem(const std::string& name);

/// username_problem() plus what the server of that flavour refuses: Jellyfin
/// takes only letters, digits, marks, connectors and the characters
/// space - ' . _ @ + (never "." or ".."), in valid UTF-8.
std::string username_problem_on(const std::string& name, Flavour flavour);

}  // namespace embyprov
