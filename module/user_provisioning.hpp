// Creating an Emby user as one unit: create, password and full policy, and
// the caller's own follow-up (store records, a Connect link). If any step
// fails the user is removed again, so no account is ever left behind with a
// blank password. Used for main accounts and media accounts alike.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "call.hpp"
#include "policy_rules.hpp"
#include "product.hpp"

namespace embyprov {

struct NewUser {
    std::string username;
    std::string password;
    ProductSettings product;
    LibraryGrant grant;
    json::ObjectPtr base_policy;  ///< template user's policy; null: the new user's own
    bool disabled = false;
};

/// Fills in spec.grant (from spec.product.libraries) and spec.base_policy
/// (from the product's template user), fetching both side by side, so the
/// product is validated before anything is created. Library names unknown
/// to the server and a missing template user are Error(EINVALID).
void prepare_new_user(Call& call, EmbyClient& client, NewUser& spec,
                      const std::vector<std::string>& excluded_libraries = {});

/// Writes password and policy (in parallel: different resources of one
/// user) to an existing user.
void complete_user(Call& call, EmbyClient& client, const UserDto& user, const NewUser& spec,
                   bool password_is_blank);

/// Creates the user and completes it, then runs `then` (may be empty). On
/// any failure the user is deleted and the error rethrown; when even the
/// delete fails, `on_orphan` (may be empty) is told the user id.
/// `adopt` (may be empty) is asked for an existing user to finish instead
/// when the server reports the name as taken.
UserDto provision_user(Call& call, EmbyClient& client, const NewUser& spec,
                       const std::function<void(const UserDto&)>& then,
                       const std::function<std::optional<UserDto>()>& adopt = {},
                       const std::function<void(const std::string&)>& on_orphan = {});

}  // namespace embyprov
