// The module's state store: which Emby users belong to which service, the
// media accounts, what unsuspend must restore, and an audit trail of hook
// calls (secrets already masked). Poco::Data underneath; SQLite is the
// embedded default, MariaDB/MySQL and PostgreSQL serve production. The SQL
// stays within what the three share, the schema is versioned
// (store_schema.cpp), the DSN prefix picks the backend (store_dsn.cpp), and
// what still differs lives in store_backend.cpp, so the hooks never know
// which backend they run on.
//
// Not thread safe: a context's store is used by the calling thread only.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store_dsn.hpp"
#include "store_durability.hpp"

namespace Poco::Data {
class Session;
}

namespace embyprov {

namespace status {
inline constexpr const char* kCreating = "creating";
inline constexpr const char* kActive = "active";
inline constexpr const char* kSuspended = "suspended";
inline constexpr const char* kTerminated = "terminated";
}  // namespace status

struct ServiceRecord {
    std::string service_id;
    std::string server;    ///< endpoint key, e.g. "https://emby.example.com:8920"
    std::string user_id;   ///< Emby user id; empty while creating
    std::string username;
    std::string status;    ///< one of status::k*
    std::string suspend_reason;
    bool password_locked = false;  ///< disabled because a password change broke halfway
    std::string connect_email;     ///< Emby Connect name or e-mail of the main account
    std::string connect_pending_since;  ///< when a still-unconfirmed link was requested; "" if none
    int device_limit = 0;  ///< devices each account may keep signed in, enforced; 0: not enforced
    std::string created_at;
    std::string updated_at;
    std::string terminated_at;
};

struct MediaAccountRecord {
    std::string user_id;
    std::string service_id;
    std::string username;
    bool enabled = true;            ///< the customer's choice
    bool over_quota = false;        ///< disabled by a downgrade
    std::vector<std::string> disabled_libraries;  ///< access ids the owner switched off
    std::string connect_email;
    std::string created_at;
    std::string connect_pending_since;  ///< as in ServiceRecord
    long long seq = 0;  ///< the order of creation within the service (0: not saved yet)
};

/// What an unfinished operation on a service recorded before it changed the
/// server: its kind and what it needs to finish or undo the change (the
/// name and id of a user about to be created, ...). At most one per service:
/// operations on a service run one at a time, and each settles what an
/// earlier one left before it starts.
struct PendingOperation {
    std::string service_id;
    std::string kind;
    std::map<std::string, std::string> data;
    std::string started_at;

    std::string get(const std::string& key) const
    {
        auto it = data.find(key);
        return it == data.end() ? std::string() : it->second;
    }
};

/// A device the module signed out to hold a service's device limit.
struct DeviceSignout {
    std::string device_id;
    std::string user_id;   ///< the account it was signed in to
    std::string username;
    std::string device_name;
    std::string app_name;
    std::string signed_out_at;  ///< timestamp(); set by save_device_signouts when empty
};

struct AuditEntry {
    std::string at;
    std::string hook;
    std::string service_id;
    std::string outcome;  ///< "success" or "error"
    int code = 0;
    std::string message;  ///< masked
    int requests = 0;
    int duration_ms = 0;
};

class Store {
public:
    /// Opens (creating if needed) and migrates the database named by a DSN:
    /// "sqlite:PATH", "sqlite::memory:",
    /// "mysql:host=H;port=P;db=NAME;user=U;password=W" (MariaDB/MySQL) or
    /// "postgresql:host=H port=P dbname=NAME user=U password=W".
    /// Safe when several processes open one fresh database at once.
    /// Throws Error(ESTORE / EINVALID); messages never show the password.
    static std::unique_ptr<Store> open(const std::string& dsn);
    ~Store();

    int schema_version();

    std::optional<ServiceRecord> service(const std::string& service_id);
    std::vector<ServiceRecord> services_on(const std::string& server);
    std::optional<ServiceRecord> service_by_user(const std::string& user_id);
    /// The live service an Emby user belongs to, as its main account or as
    /// one of its media accounts.
    std::optional<std::string> owning_service(const std::string& user_id);
    /// The same for every account of the live services on a server, in two
    /// queries: Emby user id -> service id.
    std::map<std::string, std::string> owners_on(const std::string& server);
    void save_service(const ServiceRecord& record);

    /// Media accounts of a service that have not been removed, oldest first
    /// (by creation sequence, never by a clock).
    std::vector<MediaAccountRecord> media_accounts(const std::string& service_id);
    /// The same for every service on a server, by service id, in one query.
    std::map<std::string, std::vector<MediaAccountRecord>> media_accounts_on(const std::string& server);
    /// Inserts (giving the account the service's next sequence number) or
    /// updates. Call under the service's lock.
    void save_media_account(const MediaAccountRecord& record);

    /// The Emby user id (main or media account of a live service) whose
    /// Connect account is `connect` (compared case-insensitively), if any.
    std::optional<std::string> connect_owner(const std::string& connect);
    void mark_media_account_removed(const std::string& user_id);

    /// What each account's IsDisabled was before suspension.
    void save_snapshot(const std::string& service_id, const std::map<std::string, bool>& was_disabled);
    std::map<std::string, bool> snapshot(const std::string& service_id);
    void clear_snapshot(const std::string& service_id);

    /// The operation journal (see PendingOperation).
    std::optional<PendingOperation> pending_operation(const std::string& service_id);
    void save_pending_operation(const PendingOperation& op);
    void clear_pending_operation(const std::string& service_id);

    /// Records devices signed out to hold the service's device limit (a device
    /// signed out again keeps one row, with the new time) and drops the
    /// service's rows older than `keep_days`.
    void save_device_signouts(const std::string& service_id, const std::vector<DeviceSignout>& devices,
                              int keep_days);
    /// The service's sign-outs at or after `since` (a timestamp()), newest first.
    std::vector<DeviceSignout> device_signouts(const std::string& service_id, const std::string& since);

    /// Takes the service's lock across processes and nodes (store_lock.hpp);
    /// held until the returned object is destroyed, which must happen before
    /// the store is.
    std::unique_ptr<class ServiceLock> lock_service(const std::string& service_id, int wait_ms);

    /// How much of the audit trail is kept: rows younger than `days`, and
    /// at most the newest `rows` of each service.
    struct AuditRetention {
        int days = 365;
        int rows = 1000;
    };
    void set_audit_retention(AuditRetention r) { retention_ = r; }

    /// Adds an entry and, in the same transaction, drops that service's
    /// rows the retention rule no longer keeps.
    void audit(const AuditEntry& entry);
    /// Drops every service's rows older than the retention's days.
    void expire_audit();
    std::vector<AuditEntry> audit_for(const std::string& service_id, int limit);

    /// Runs fn inside one transaction; rolls back if it throws. The write
    /// lock is taken when the transaction begins (SQLite: BEGIN IMMEDIATE,
    /// waiting out other writers), and a deadlock or busy answer from the
    /// database reruns fn in a fresh transaction (up to 5 times), so fn must
    /// only touch the store. Nested calls join the outer transaction.
    void transaction(const std::function<void()>& fn);

    /// Every commit so far on the disk (store_durability.hpp): called before
    /// a request that changes a media server and when a hook ends. Thread
    /// safe, unlike the rest of the store; free when nothing was written.
    void make_durable() { durability_.flush(); }
    unsigned long flushes() const noexcept { return durability_.flushes(); }

    /// UTC "YYYY-MM-DDTHH:MM:SSZ"; `days_ago` days before now.
    static std::string timestamp(int days_ago = 0);

private:
    Store(std::unique_ptr<Poco::Data::Session> session, StoreDsn dsn);
    void migrate();
    std::optional<int> current_version();
    static void refuse_newer(int version);
    /// The statement in this backend's placeholder syntax.
    std::string sql(const std::string& text) const;
    template <typename Fn>
    auto guarded(const char* what, Fn&& fn) -> decltype(fn());

    /// After a failed statement on a database server: is the connection
    /// still there? If not, a fresh one replaces it (true).
    bool reconnected_after_loss();
    void begin();
    void commit();
    void rollback() noexcept;

    std::unique_ptr<Poco::Data::Session> session_;
    StoreDsn dsn_;
    WalFlush durability_;
    bool in_transaction_ = false;
    int locks_held_ = 0;
    AuditRetention retention_;
};

}  // namespace embyprov
