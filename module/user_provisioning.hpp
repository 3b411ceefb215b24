// What a new Emby user is made of (name, password, product, libraries, the
// template's policy) and the steps that give an existing user all of it.
// Creating one with provable ownership is owned_user.hpp's work.
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

}  // namespace embyprov
