// The Emby accounts that make up one service (the main account and its
// media accounts), and the read-modify-write policy update every lifecycle
// step uses on them.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "emby_client.hpp"
#include "store.hpp"

namespace embyprov {

/// The service's record; ENOTFOUND when it was never created, ESTATE when it
/// is terminated or still being created (unless allowed).
ServiceRecord require_live_service(Store& store, const std::string& service_id);

struct Account {
    std::string user_id;
    std::string username;
    const MediaAccountRecord* media = nullptr;  ///< null for the main account

    bool is_main() const { return media == nullptr; }
};

/// Main account first, then the media accounts oldest first.
std::vector<Account> accounts_of(const ServiceRecord& service,
                                 const std::vector<MediaAccountRecord>& media);

/// The accounts' Emby user ids, normalized (see normalize_id), for matching
/// against the LastUserId of devices and the UserId of sessions.
std::set<std::string> account_ids(const ServiceRecord& service,
                                  const std::vector<MediaAccountRecord>& media);

/// The one rule for IsDisabled: whether an account of `service` must be
/// disabled on the server. A suspended service has every account disabled; a
/// main account whose password change broke halfway stays closed; a media
/// account follows its owner's switch and the product's quota. Where none of
/// these applies the account is disabled only if `otherwise` says so (what
/// the server shows for a main account, what the suspension snapshot
/// remembers on unsuspend).
bool should_be_disabled(const ServiceRecord& service, const Account& account, bool otherwise = false);

/// GET the user; ENOTFOUND when it is gone from the server.
UserDto require_user(EmbyClient& client, const std::string& user_id);

/// GET the user, let `edit` change its policy, POST the whole policy back.
/// `edit` returns false when nothing needs writing (saves the POST).
/// `after_read`, if set, runs between the GET and `edit` (to wait for what
/// `edit` needs and another request is still fetching).
/// Returns the user as it was read. ENOTFOUND when the user is gone.
UserDto update_policy(EmbyClient& client, const std::string& user_id,
                      const std::function<bool(const UserDto&, json::Object&)>& edit,
                      const std::function<void()>& after_read = {});

/// Lower-case hex without dashes, so Emby and Jellyfin ids compare equal.
std::string normalize_id(const std::string& id);

}  // namespace embyprov
