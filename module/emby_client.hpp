// The Emby / Jellyfin REST client: one object per hook call and server.
// It knows the routes and their traps (emby-api.md), maps statuses to error
// codes, masks secrets in what it logs, and counts its requests.
// Thread safe: a call's workers may use one client concurrently.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "call_log.hpp"
#include "emby_types.hpp"
#include "error.hpp"
#include "http_client.hpp"
#include "json_budget.hpp"
#include "server_cache.hpp"
#include "server_params.hpp"

namespace embyprov {

/// How this module introduces itself (X-Emby-Authorization fields).
struct Identity {
    std::string client = "embyprov";
    std::string device = "embyprov";
    std::string device_id;
    std::string version;
};

/// A non-2xx answer from the server; status() tells which.
class RemoteError : public Error {
public:
    RemoteError(embyprov_error code, int status, const std::string& message)
        : Error(code, message), status_(status) {}
    int status() const noexcept { return status_; }

private:
    int status_;
};

/// The server cleared a password (the reset step of the portable recipe)
/// but then refused the new one: the account has no password right now.
class PasswordLeftBlank : public Error {
public:
    using Error::Error;
};

class EmbyClient {
public:
    /// Every request ends by `not_after`, the deadline of the call it
    /// serves, and none is sent once it passed. `before_write` runs before
    /// each request that may change the server (any but GET), on the thread
    /// that sends it: what the store recorded so far must be on disk first
    /// (Store::make_durable).
    EmbyClient(HttpClient& http, CallLog& log, ServerCache& cache, ServerParams server,
               Identity identity, Watchdog::Clock::time_point not_after,
               std::optional<Flavour> forced_flavour, std::function<void()> before_write = {});

    /// Emby or Jellyfin: the forced one, the cached one, or asked once.
    Flavour flavour();
    PublicSystemInfo public_info();
    /// GET /System/Info: proves the credentials work.
    json::ObjectPtr system_info();

    /// POST /Users/New. Never sent twice: if the answer is lost the user may
    /// exist, and only the caller can tell (by the name it chose).
    UserDto create_user(const std::string& name);
    /// Renames a user (POST /Users/{Id} with the user as read, Name changed).
    /// EEXISTS when another user has that name.
    void rename_user(const UserDto& user, const std::string& new_name);
    /// The user whose name is exactly `name` (case-sensitive), if any.
    std::optional<UserDto> find_user_by_exact_name(const std::string& name);
    std::optional<UserDto> find_user(const std::string& id);
    /// Every user, as a summary: policy and configuration are null (the
    /// flags read from the policy are set), so a long list stays small.
    std::vector<UserDto> list_users();
    std::optional<UserDto> find_user_by_name(const std::string& name);
    /// Writes a whole policy (the caller read it first).
    void set_policy(const std::string& user_id, const json::Object& policy);
    /// Sets a password. `currently_blank` says the user has no password yet
    /// (just created), which every server version accepts in one request.
    void set_password(const std::string& user_id, const std::string& password,
                      bool currently_blank);
    /// Clears the password (the server's reset). Only for recovery paths.
    void reset_password(const std::string& user_id);
    /// false when the user was already gone.
    bool delete_user(const std::string& user_id);

    std::vector<DeviceInfo> list_devices();
    void delete_device(const std::string& device_id);
    std::vector<SessionInfo> list_sessions();

    std::vector<VirtualFolderInfo> list_libraries();
    /// Names of the libraries the user can see (the policy as applied).
    std::vector<std::string> user_view_names(const std::string& user_id);

    UserLinkResult link_connect(const std::string& user_id, const std::string& connect_name);
    void unlink_connect(const std::string& user_id);

    const ServerParams& server() const { return server_; }
    /// The deadline of the call this client serves.
    Watchdog::Clock::time_point not_after() const { return not_after_; }

private:
    enum class Auth { None, Key, AdminToken };

    /// `idempotent`: see HttpRequest::idempotent (unset: by method).
    HttpResponse request(const std::string& method, const std::string& path,
                         const std::string& body = {}, Auth auth = Auth::Key,
                         std::optional<bool> idempotent = std::nullopt);
    /// request(), retried with an admin user token where a bare API key
    /// hits the server's "is this the user or an admin" gap (500/401).
    /// Only for requests that may be sent twice.
    HttpResponse request_as_admin(const std::string& method, const std::string& path,
                                  const std::string& body);
    HttpResponse send_logged(HttpRequest req);
    /// What reading one answer may take (json_budget.hpp), from the body cap.
    json::ReadLimits read_limits() const;
    /// Each user of the server's user list, read one at a time.
    void for_each_user(const std::function<void(const json::Object&)>& fn);
    std::string admin_token();
    std::string admin_token_key() const;
    std::string base();
    /// True when `id` cannot be a user id on this server (no request made).
    bool cannot_name_a_user(const std::string& id);

    HttpClient& http_;
    CallLog& log_;
    ServerCache& cache_;
    ServerParams server_;
    Identity identity_;
    Watchdog::Clock::time_point not_after_;
    std::mutex flavour_mutex_;
    std::optional<Flavour> flavour_;
    std::optional<PublicSystemInfo> probed_;  ///< what this client's flavour probe read
    std::function<void()> before_write_;
};

/// Percent-encodes a query value.
std::string url_encode(const std::string& value);

}  // namespace embyprov
