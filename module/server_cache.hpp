// What the library remembers about each media server between calls.
//
// - Its flavour (Emby or Jellyfin): kept for the whole process, so the next
//   context (the next PHP-FPM request of a worker, the next cron job) does
//   not ask again. An entry names the server by address, path prefix and the
//   credential it accepted: an API key is issued by the server itself, so a
//   new installation behind the same address has another one. Entries expire
//   after kKnownFlavourSeconds.
// - An admin session token (for servers where an API key is not enough,
//   emby-api.md §2.4): per context, as it is a secret.
// Thread safe.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "emby_types.hpp"

namespace embyprov {

struct ServerParams;

constexpr int kKnownFlavourSeconds = 600;
constexpr std::size_t kKnownFlavourEntries = 1024;

/// The name a server's process-wide entries go by: scheme, host, port, path
/// prefix and a SHA-256 of the credential (never the credential itself).
std::string server_identity(const ServerParams& server);

class ServerCache {
public:
    /// What any context of this process learned about `identity`, if it is
    /// younger than kKnownFlavourSeconds.
    std::optional<Flavour> flavour(const std::string& identity) const;
    void set_flavour(const std::string& identity, Flavour f);
    /// Forgets every flavour this process learned (tests, and a host that
    /// knows it swapped a server).
    static void forget_flavours();

    /// Admin session tokens, keyed by server and login.
    std::string admin_token(const std::string& key) const;
    void set_admin_token(const std::string& key, const std::string& token);
    void forget_admin_token(const std::string& key);

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::string> admin_tokens_;
};

}  // namespace embyprov
