// What a context remembers about each media server between calls: its
// flavour (asked once) and an admin session token (for servers where an API
// key is not enough, emby-api.md §2.4). Thread safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "emby_types.hpp"

namespace embyprov {

class ServerCache {
public:
    std::optional<Flavour> flavour(const std::string& endpoint) const;
    void set_flavour(const std::string& endpoint, Flavour f);

    /// Admin session tokens, keyed by server and login.
    std::string admin_token(const std::string& key) const;
    void set_admin_token(const std::string& key, const std::string& token);
    void forget_admin_token(const std::string& key);

private:
    mutable std::mutex mutex_;
    std::map<std::string, Flavour> flavours_;
    std::map<std::string, std::string> admin_tokens_;
};

}  // namespace embyprov
