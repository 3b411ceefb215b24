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

/// GET the user, let `edit` change its policy, POST the whole policy back.
/// `edit` returns false when nothing needs writing (saves the POST).
/// Returns the user as it was read. ENOTFOUND when the user is gone.
UserDto update_policy(EmbyClient& client, const std::string& user_id,
                      const std::function<bool(const UserDto&, json::Object&)>& edit);

/// Lower-case hex without dashes, so Emby and Jellyfin ids compare equal.
std::string normalize_id(const std::string& id);

}  // namespace embyprov
