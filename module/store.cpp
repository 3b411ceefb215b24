#include "store.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <chrono>
#include <thread>

#include "error.hpp"
#include "json_budget.hpp"
#include "json_util.hpp"
#include "store_backend.hpp"
#include "store_lock.hpp"
#include "store_schema.hpp"

using namespace Poco::Data::Keywords;

namespace embyprov {

namespace {

std::string column(Poco::Data::RecordSet& rs, const char* name)
{
    const Poco::Dynamic::Var v = rs.value(name);
    return v.isEmpty() ? std::string() : v.convert<std::string>();
}

bool flag_column(Poco::Data::RecordSet& rs, const char* name)
{
    const Poco::Dynamic::Var v = rs.value(name);
    return !v.isEmpty() && v.convert<int>() != 0;
}

std::string to_json_list(const std::vector<std::string>& items)
{
    json::Array a;
    for (const auto& s : items)
        a.add(s);
    return json::stringify(Poco::Dynamic::Var(json::ArrayPtr(new json::Array(a))));
}

std::vector<std::string> from_json_list(const std::string& text)
{
    std::vector<std::string> out;
    if (text.empty())
        return out;
    Poco::Dynamic::Var v = json::parse_remote(text, "a stored list");
    if (v.type() == typeid(json::ArrayPtr))
        for (const auto& item : *v.extract<json::ArrayPtr>())
            out.push_back(item.convert<std::string>());
    return out;
}

ServiceRecord read_service(Poco::Data::RecordSet& rs)
{
    ServiceRecord r;
    r.service_id = column(rs, "service_id");
    r.server = column(rs, "server");
    r.user_id = column(rs, "user_id");
    r.username = column(rs, "username");
    r.status = column(rs, "status");
    r.suspend_reason = column(rs, "suspend_reason");
    r.password_locked = flag_column(rs, "password_locked");
    r.created_at = column(rs, "created_at");
    r.updated_at = column(rs, "updated_at");
    r.terminated_at = column(rs, "terminated_at");
    r.connect_email = column(rs, "connect_email");
    r.connect_pending_since = column(rs, "connect_pending_since");
    r.device_limit = rs.value("device_limit").convert<int>();
    return r;
}

// At most max_chars characters (code points) of UTF-8 text. MariaDB and
// PostgreSQL refuse text longer than its VARCHAR column (SQLite keeps it),
// and a suspension must not fail because the panel's reason was long.
std::string clipped(const std::string& text, std::size_t max_chars)
{
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool starts_char = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
        if (starts_char && chars++ == max_chars)
            return text.substr(0, i);
    }
    return text;
}

// Column sizes from store_schema.cpp. A TEXT column holds 65535 bytes on
// MariaDB, so at 4 bytes a character 16000 characters always fit.
constexpr std::size_t kSuspendReasonChars = 500;
constexpr std::size_t kNameChars = 255;
constexpr std::size_t kUsernameChars = 128;
constexpr std::size_t kTextChars = 16000;

constexpr int kTransactionAttempts = 5;

/// A failure the database asks us to retry: a deadlock (InnoDB 1213,
/// PostgreSQL 40P01), a lock wait that timed out (1205, 55P03), a
/// serialization failure (40001) or SQLite's busy answer.
bool is_transient(const std::string& text)
{
    for (const char* mark : {"Deadlock", "deadlock", "[1213]", "[1205]", "Lock wait timeout", "40001",
                             "40P01", "55P03", "database is locked", "database table is locked"})
        if (text.find(mark) != std::string::npos)
            return true;
    return false;
}

/// Thrown by guarded() for is_transient failures; transaction() reruns.
class TransientStoreError : public Error {
public:
    using Error::Error;
};

void backoff(int attempt)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt * attempt));
}

std::string to_json_map(const std::map<std::string, std::string>& data)
{
    json::Object o;
    for (const auto& [k, v] : data)
        o.set(k, v);
    return json::stringify(Poco::Dynamic::Var(json::ObjectPtr(new json::Object(o))));
}

std::map<std::string, std::string> from_json_map(const std::string& text)
{
    std::map<std::string, std::string> out;
    if (text.empty())
        return out;
    Poco::Dynamic::Var v = json::parse_remote(text, "a stored operation");
    if (v.type() == typeid(json::ObjectPtr))
        for (const auto& [k, item] : *v.extract<json::ObjectPtr>())
            out[k] = item.isEmpty() ? std::string() : item.convert<std::string>();
    return out;
}

constexpr const char* kServiceColumns =
    "service_id, server, user_id, username, status, suspend_reason, password_locked, "
    "created_at, updated_at, terminated_at, connect_email, connect_pending_since, device_limit";

}  // namespace

template <typename Fn>
auto Store::guarded(const char* what, Fn&& fn) -> decltype(fn())
{
    std::string failure;
    for (int attempt = 1;; ++attempt) {
        try {
            return fn();
        } catch (const Poco::Exception& e) {
            failure = e.displayText();
        }
        if (!is_transient(failure))
            break;
        // Inside a transaction the whole transaction must start again.
        if (in_transaction_ || attempt == kTransactionAttempts)
            throw TransientStoreError(EMBYPROV_ESTORE, std::string("state store: ") + what +
                                                           " failed: " + dsn_.masked(failure));
        backoff(attempt);
    }
    // A database server closes connections that sat idle too long (MariaDB's
    // wait_timeout) or that it dropped on a restart; a panel's long-lived
    // context must not fail for good. Not inside a transaction: its earlier
    // statements went with the old connection.
    // Nor while a service lock is held: it lives on the old connection, and
    // the new one would not hold it.
    if (!in_transaction_ && locks_held_ == 0 && reconnected_after_loss()) {
        try {
            return fn();
        } catch (const Poco::Exception& e) {
            failure = e.displayText();
        }
    }
    throw Error(EMBYPROV_ESTORE, std::string("state store: ") + what + " failed: " + dsn_.masked(failure));
}

bool Store::reconnected_after_loss()
{
    if (dsn_.backend == StoreBackend::sqlite)
        return false;  // a file does not go away between statements
    try {
        int one = 0;
        *session_ << "SELECT 1", into(one), now;
        return false;  // still connected: the statement itself failed
    } catch (const Poco::Exception&) {
    }
    try {
        session_ = open_store_session(dsn_);
        return true;
    } catch (const Error&) {
        return false;  // the server is gone, not just the connection
    }
}

std::string Store::sql(const std::string& text) const
{
    return placeholders_for(dsn_.backend, text);
}

std::unique_ptr<Store> Store::open(const std::string& dsn)
{
    StoreDsn parsed = parse_store_dsn(dsn);
    auto session = open_store_session(parsed);
    std::unique_ptr<Store> store(new Store(std::move(session), std::move(parsed)));
    store->migrate();
    return store;
}

Store::Store(std::unique_ptr<Poco::Data::Session> session, StoreDsn dsn)
    : session_(std::move(session)), dsn_(std::move(dsn)), durability_(wal_file_of(*session_, dsn_))
{
}

Store::~Store() = default;

std::string Store::timestamp(int days_ago)
{
    // This form sorts as text, so cut-offs compare with plain SQL.
    Poco::Timestamp then;
    then -= static_cast<Poco::Timestamp::TimeDiff>(days_ago) * 24 * 3600 * Poco::Timestamp::resolution();
    return Poco::DateTimeFormatter::format(then, "%Y-%m-%dT%H:%M:%SZ");
}

void Store::begin()
{
    guarded("begin", [&] {
        // SQLite: take the write lock now, waiting (busy_timeout) for other
        // writers. A deferred BEGIN that reads first and writes later gets
        // "database is locked" at once, without waiting, when another
        // process wrote in between.
        if (dsn_.backend == StoreBackend::sqlite)
            *session_ << "BEGIN IMMEDIATE", now;
        else
            session_->begin();
    });
}

void Store::commit()
{
    guarded("commit", [&] {
        if (dsn_.backend == StoreBackend::sqlite)
            *session_ << "COMMIT", now;
        else
            session_->commit();
        after_transaction(*session_, dsn_.backend);
    });
}

void Store::rollback() noexcept
{
    try {
        if (dsn_.backend == StoreBackend::sqlite)
            *session_ << "ROLLBACK", now;
        else
            session_->rollback();
        after_transaction(*session_, dsn_.backend);
    } catch (...) {
    }
}

void Store::transaction(const std::function<void()>& fn)
{
    if (in_transaction_) {
        fn();
        return;
    }
    for (int attempt = 1;; ++attempt) {
        begin();
        in_transaction_ = true;
        try {
            fn();
            commit();
            in_transaction_ = false;
            return;
        } catch (const TransientStoreError&) {
            in_transaction_ = false;
            rollback();
            if (attempt == kTransactionAttempts)
                throw;
            backoff(attempt);
        } catch (...) {
            in_transaction_ = false;
            rollback();
            throw;
        }
    }
}

int Store::schema_version()
{
    return guarded("reading the schema version", [&] {
        int version = 0;
        *session_ << "SELECT version FROM schema_version", into(version), now;
        return version;
    });
}

std::optional<int> Store::current_version()
{
    // Missing table = a fresh database; the slow path below creates it.
    try {
        std::vector<int> versions;
        *session_ << "SELECT version FROM schema_version", into(versions), now;
        if (!versions.empty())
            return versions.front();
    } catch (const Poco::Exception&) {
    }
    return std::nullopt;
}

void Store::refuse_newer(int version)
{
    const int latest = static_cast<int>(schema_migrations().size());
    if (version > latest)
        throw Error(EMBYPROV_ESTORE, "the state database has schema version " + std::to_string(version) +
                                         ", newer than this library knows (" + std::to_string(latest) + ")");
}

void Store::migrate()
{
    const auto& migrations = schema_migrations();
    const int latest = static_cast<int>(migrations.size());
    // Every open of an up-to-date database ends here, without locking.
    if (auto v = current_version(); v && *v >= latest) {
        refuse_newer(*v);
        return;
    }
    MigrationLock lock(*session_, dsn_.backend);
    durability_.wrote();
    guarded("creating the version table",
            [&] { *session_ << schema_version_table().for_backend(dsn_.backend), now; });
    // One migration per transaction; each re-reads the version, so a
    // process that waited for another one's migration carries on from there.
    for (bool done = false; !done;) {
        transaction([&] {
            guarded("migrating the schema", [&] {
                // Writing first takes SQLite's write lock before anything is
                // read, so two processes cannot both read the old version.
                *session_ << "UPDATE schema_version SET version = version", now;
                std::vector<int> versions;
                *session_ << "SELECT version FROM schema_version", into(versions), now;
                if (versions.empty()) {
                    *session_ << "INSERT INTO schema_version (version) VALUES (0)", now;
                    versions.push_back(0);
                }
                const int current = versions.front();
                refuse_newer(current);
                if (current == latest) {
                    done = true;
                    return;
                }
                for (const MigrationStep& step : migrations[static_cast<std::size_t>(current)])
                    *session_ << step.for_backend(dsn_.backend), now;
                int next = current + 1;
                *session_ << sql("UPDATE schema_version SET version = ?"), use(next), now;
            });
        });
    }
    durability_.flush();
}

std::optional<ServiceRecord> Store::service(const std::string& service_id)
{
    return guarded("reading a service", [&]() -> std::optional<ServiceRecord> {
        Poco::Data::Statement select(*session_);
        std::string id = service_id;
        select << sql(std::string("SELECT ") + kServiceColumns + " FROM services WHERE service_id = ?"),
            use(id), now;
        Poco::Data::RecordSet rs(select);
        if (!rs.moveFirst())
            return std::nullopt;
        return read_service(rs);
    });
}

std::optional<ServiceRecord> Store::service_by_user(const std::string& user_id)
{
    return guarded("reading a service", [&]() -> std::optional<ServiceRecord> {
        Poco::Data::Statement select(*session_);
        std::string id = user_id;
        select << sql(std::string("SELECT ") + kServiceColumns +
                      " FROM services WHERE user_id = ? AND status <> 'terminated'"),
            use(id), now;
        Poco::Data::RecordSet rs(select);
        if (!rs.moveFirst())
            return std::nullopt;
        return read_service(rs);
    });
}

std::optional<std::string> Store::owning_service(const std::string& user_id)
{
    return guarded("looking up an account's service", [&]() -> std::optional<std::string> {
        std::string id = user_id;
        std::vector<std::string> owners;
        *session_ << sql("SELECT service_id FROM services WHERE user_id = ? AND status <> 'terminated' "
                         "UNION SELECT service_id FROM media_accounts WHERE user_id = ? AND removed_at = ''"),
            use(id), use(id), into(owners), now;
        if (owners.empty())
            return std::nullopt;
        return owners.front();
    });
}

std::map<std::string, std::string> Store::owners_on(const std::string& server)
{
    return guarded("looking up the accounts' services", [&] {
        std::map<std::string, std::string> out;
        std::string s = server;
        // Main accounts first: an id that is both keeps its main account's service.
        for (const char* query : {"SELECT user_id, service_id FROM services WHERE server = ? "
                                  "AND status <> 'terminated' AND user_id <> ''",
                                  "SELECT m.user_id, m.service_id FROM media_accounts m JOIN services s "
                                  "ON s.service_id = m.service_id WHERE s.server = ? AND m.removed_at = ''"}) {
            std::vector<std::string> users, services;
            *session_ << sql(query), use(s), into(users), into(services), now;
            for (std::size_t i = 0; i < users.size(); ++i)
                out.emplace(users[i], services[i]);
        }
        return out;
    });
}

std::vector<ServiceRecord> Store::services_on(const std::string& server)
{
    return guarded("listing services", [&] {
        Poco::Data::Statement select(*session_);
        std::string s = server;
        select << sql(std::string("SELECT ") + kServiceColumns +
                      " FROM services WHERE server = ? ORDER BY service_id"),
            use(s), now;
        Poco::Data::RecordSet rs(select);
        std::vector<ServiceRecord> out;
        for (bool more = rs.moveFirst(); more; more = rs.moveNext())
            out.push_back(read_service(rs));
        return out;
    });
}

void Store::save_service(const ServiceRecord& record)
{
    durability_.wrote();
    guarded("saving a service", [&] {
        ServiceRecord r = record;
        r.updated_at = timestamp();
        if (r.created_at.empty())
            r.created_at = r.updated_at;
        r.suspend_reason = clipped(r.suspend_reason, kSuspendReasonChars);
        int locked = r.password_locked ? 1 : 0;
        Poco::Int64 exists = 0;  // COUNT(*) is a BIGINT on the servers
        *session_ << sql("SELECT COUNT(*) FROM services WHERE service_id = ?"), use(r.service_id),
            into(exists), now;
        if (exists) {
            *session_ << sql("UPDATE services SET server = ?, user_id = ?, username = ?, status = ?, "
                             "suspend_reason = ?, password_locked = ?, updated_at = ?, terminated_at = ?, "
                             "connect_email = ?, connect_pending_since = ?, device_limit = ? WHERE service_id = ?"),
                use(r.server), use(r.user_id), use(r.username), use(r.status), use(r.suspend_reason),
                use(locked), use(r.updated_at), use(r.terminated_at), use(r.connect_email),
                use(r.connect_pending_since), use(r.device_limit), use(r.service_id), now;
        } else {
            *session_ << sql("INSERT INTO services (service_id, server, user_id, username, status, "
                             "suspend_reason, password_locked, created_at, updated_at, terminated_at, "
                             "connect_email, connect_pending_since, device_limit) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                use(r.service_id), use(r.server), use(r.user_id), use(r.username), use(r.status),
                use(r.suspend_reason), use(locked), use(r.created_at), use(r.updated_at),
                use(r.terminated_at), use(r.connect_email), use(r.connect_pending_since), use(r.device_limit),
                now;
        }
    });
}

namespace {

constexpr const char* kMediaColumns =
    "m.user_id AS user_id, m.service_id AS service_id, m.username AS username, m.enabled AS enabled, "
    "m.over_quota AS over_quota, m.disabled_libraries AS disabled_libraries, m.connect_email AS connect_email, "
    "m.created_at AS created_at, m.connect_pending_since AS connect_pending_since, m.seq AS seq";

MediaAccountRecord read_media_account(Poco::Data::RecordSet& rs)
{
    MediaAccountRecord m;
    m.user_id = column(rs, "user_id");
    m.service_id = column(rs, "service_id");
    m.username = column(rs, "username");
    m.enabled = flag_column(rs, "enabled");
    m.over_quota = flag_column(rs, "over_quota");
    m.disabled_libraries = from_json_list(column(rs, "disabled_libraries"));
    m.connect_email = column(rs, "connect_email");
    m.created_at = column(rs, "created_at");
    m.connect_pending_since = column(rs, "connect_pending_since");
    m.seq = rs.value("seq").convert<long long>();
    return m;
}

}  // namespace

std::vector<MediaAccountRecord> Store::media_accounts(const std::string& service_id)
{
    return guarded("listing media accounts", [&] {
        Poco::Data::Statement select(*session_);
        std::string id = service_id;
        select << sql(std::string("SELECT ") + kMediaColumns +
                      " FROM media_accounts m WHERE m.service_id = ? AND m.removed_at = '' "
                      "ORDER BY m.seq, m.created_at, m.user_id"),
            use(id), now;
        Poco::Data::RecordSet rs(select);
        std::vector<MediaAccountRecord> out;
        for (bool more = rs.moveFirst(); more; more = rs.moveNext())
            out.push_back(read_media_account(rs));
        return out;
    });
}

std::map<std::string, std::vector<MediaAccountRecord>> Store::media_accounts_on(const std::string& server)
{
    return guarded("listing media accounts", [&] {
        Poco::Data::Statement select(*session_);
        std::string s = server;
        select << sql(std::string("SELECT ") + kMediaColumns +
                      " FROM media_accounts m JOIN services s ON s.service_id = m.service_id "
                      "WHERE s.server = ? AND m.removed_at = '' ORDER BY m.service_id, m.seq, m.created_at, m.user_id"),
            use(s), now;
        Poco::Data::RecordSet rs(select);
        std::map<std::string, std::vector<MediaAccountRecord>> out;
        for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
            MediaAccountRecord m = read_media_account(rs);
            out[m.service_id].push_back(std::move(m));
        }
        return out;
    });
}

void Store::save_media_account(const MediaAccountRecord& record)
{
    durability_.wrote();
    guarded("saving a media account", [&] {
        MediaAccountRecord m = record;
        if (m.created_at.empty())
            m.created_at = timestamp();
        int enabled = m.enabled ? 1 : 0;
        int over = m.over_quota ? 1 : 0;
        std::string libs = to_json_list(m.disabled_libraries);
        Poco::Int64 exists = 0;
        *session_ << sql("SELECT COUNT(*) FROM media_accounts WHERE user_id = ?"), use(m.user_id),
            into(exists), now;
        if (exists) {
            *session_ << sql("UPDATE media_accounts SET username = ?, enabled = ?, over_quota = ?, "
                             "disabled_libraries = ?, connect_email = ?, connect_pending_since = ?, "
                             "removed_at = '' WHERE user_id = ?"),
                use(m.username), use(enabled), use(over), use(libs), use(m.connect_email),
                use(m.connect_pending_since), use(m.user_id), now;
        } else {
            // The next number of the service's own sequence: creation order
            // that a clock with one-second steps cannot blur.
            Poco::Int64 seq = 0;
            *session_ << sql("SELECT COALESCE(MAX(seq), 0) + 1 FROM media_accounts WHERE service_id = ?"),
                use(m.service_id), into(seq), now;
            *session_ << sql("INSERT INTO media_accounts (user_id, service_id, username, enabled, "
                             "over_quota, disabled_libraries, connect_email, created_at, connect_pending_since, "
                             "seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                use(m.user_id), use(m.service_id), use(m.username), use(enabled), use(over),
                use(libs), use(m.connect_email), use(m.created_at), use(m.connect_pending_since), use(seq),
                now;
        }
    });
}

std::optional<std::string> Store::connect_owner(const std::string& connect)
{
    return guarded("looking up a Connect account", [&]() -> std::optional<std::string> {
        if (connect.empty())
            return std::nullopt;
        std::string wanted = Poco::toLower(connect);
        std::vector<std::string> owners;
        *session_ << sql("SELECT user_id FROM services WHERE LOWER(connect_email) = ? "
                         "AND status <> 'terminated' AND user_id <> '' "
                         "UNION SELECT user_id FROM media_accounts WHERE LOWER(connect_email) = ? "
                         "AND removed_at = ''"),
            use(wanted), use(wanted), into(owners), now;
        if (owners.empty())
            return std::nullopt;
        return owners.front();
    });
}

void Store::mark_media_account_removed(const std::string& user_id)
{
    durability_.wrote();
    guarded("removing a media account", [&] {
        std::string id = user_id;
        std::string at = timestamp();
        *session_ << sql("UPDATE media_accounts SET removed_at = ? WHERE user_id = ?"), use(at), use(id),
            now;
    });
}

void Store::save_snapshot(const std::string& service_id, const std::map<std::string, bool>& was_disabled)
{
    durability_.wrote();
    guarded("saving the suspension snapshot", [&] {
        std::string sid = service_id;
        *session_ << sql("DELETE FROM suspend_snapshots WHERE service_id = ?"), use(sid), now;
        for (const auto& [user, disabled] : was_disabled) {
            std::string uid = user;
            int d = disabled ? 1 : 0;
            *session_ << sql("INSERT INTO suspend_snapshots (service_id, user_id, was_disabled) "
                             "VALUES (?, ?, ?)"),
                use(sid), use(uid), use(d), now;
        }
    });
}

std::map<std::string, bool> Store::snapshot(const std::string& service_id)
{
    return guarded("reading the suspension snapshot", [&] {
        std::string sid = service_id;
        std::vector<std::string> users;
        std::vector<int> disabled;
        *session_ << sql("SELECT user_id, was_disabled FROM suspend_snapshots WHERE service_id = ?"),
            use(sid), into(users), into(disabled), now;
        std::map<std::string, bool> out;
        for (std::size_t i = 0; i < users.size(); ++i)
            out[users[i]] = disabled[i] != 0;
        return out;
    });
}

void Store::clear_snapshot(const std::string& service_id)
{
    durability_.wrote();
    guarded("clearing the suspension snapshot", [&] {
        std::string sid = service_id;
        *session_ << sql("DELETE FROM suspend_snapshots WHERE service_id = ?"), use(sid), now;
    });
}

std::optional<PendingOperation> Store::pending_operation(const std::string& service_id)
{
    return guarded("reading the operation journal", [&]() -> std::optional<PendingOperation> {
        std::string sid = service_id;
        std::vector<std::string> kinds, data, started;
        *session_ << sql("SELECT kind, data, started_at FROM operations WHERE service_id = ?"), use(sid),
            into(kinds), into(data), into(started), now;
        if (kinds.empty())
            return std::nullopt;
        PendingOperation op;
        op.service_id = service_id;
        op.kind = kinds.front();
        op.data = from_json_map(data.front());
        op.started_at = started.front();
        return op;
    });
}

void Store::save_pending_operation(const PendingOperation& op)
{
    durability_.wrote();
    transaction([&] {
        guarded("writing the operation journal", [&] {
            std::string sid = op.service_id, kind = op.kind, data = to_json_map(op.data);
            std::string at = timestamp();
            std::string started = op.started_at.empty() ? at : op.started_at;
            *session_ << sql("DELETE FROM operations WHERE service_id = ?"), use(sid), now;
            *session_ << sql("INSERT INTO operations (service_id, kind, data, started_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?)"),
                use(sid), use(kind), use(data), use(started), use(at), now;
        });
    });
}

void Store::clear_pending_operation(const std::string& service_id)
{
    durability_.wrote();
    guarded("clearing the operation journal", [&] {
        std::string sid = service_id;
        *session_ << sql("DELETE FROM operations WHERE service_id = ?"), use(sid), now;
    });
}

namespace {

/// Counts the store's held locks, so it never swaps the connection under one.
class CountedLock final : public ServiceLock {
public:
    CountedLock(std::unique_ptr<ServiceLock> inner, int& held) : inner_(std::move(inner)), held_(held) { ++held_; }
    ~CountedLock() override
    {
        inner_.reset();
        --held_;
    }

private:
    std::unique_ptr<ServiceLock> inner_;
    int& held_;
};

}  // namespace

void Store::save_device_signouts(const std::string& service_id, const std::vector<DeviceSignout>& devices,
                                 int keep_days)
{
    durability_.wrote();
    transaction([&] {
        guarded("recording signed-out devices", [&] {
            std::string sid = service_id, at = timestamp(), cutoff = timestamp(keep_days);
            for (const auto& d : devices) {
                std::string id = clipped(d.device_id, kNameChars), user = d.user_id;
                std::string username = clipped(d.username, kUsernameChars);
                std::string name = clipped(d.device_name, kNameChars), app = clipped(d.app_name, kNameChars);
                std::string when = d.signed_out_at.empty() ? at : d.signed_out_at;
                *session_ << sql("DELETE FROM device_signouts WHERE service_id = ? AND device_id = ?"), use(sid),
                    use(id), now;
                *session_ << sql("INSERT INTO device_signouts (service_id, device_id, user_id, username, "
                                 "device_name, app_name, signed_out_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                    use(sid), use(id), use(user), use(username), use(name), use(app), use(when), now;
            }
            *session_ << sql("DELETE FROM device_signouts WHERE service_id = ? AND signed_out_at < ?"), use(sid),
                use(cutoff), now;
        });
    });
}

std::vector<DeviceSignout> Store::device_signouts(const std::string& service_id, const std::string& since)
{
    return guarded("reading signed-out devices", [&] {
        Poco::Data::Statement select(*session_);
        std::string sid = service_id, from = since;
        select << sql("SELECT device_id, user_id, username, device_name, app_name, signed_out_at "
                      "FROM device_signouts WHERE service_id = ? AND signed_out_at >= ? "
                      "ORDER BY signed_out_at DESC, device_name"),
            use(sid), use(from), now;
        Poco::Data::RecordSet rs(select);
        std::vector<DeviceSignout> out;
        for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
            DeviceSignout d;
            d.device_id = column(rs, "device_id");
            d.user_id = column(rs, "user_id");
            d.username = column(rs, "username");
            d.device_name = column(rs, "device_name");
            d.app_name = column(rs, "app_name");
            d.signed_out_at = column(rs, "signed_out_at");
            out.push_back(std::move(d));
        }
        return out;
    });
}

std::unique_ptr<ServiceLock> Store::lock_service(const std::string& service_id, int wait_ms)
{
    return std::make_unique<CountedLock>(embyprov::lock_service(dsn_, *session_, service_id, wait_ms),
                                         locks_held_);
}

void Store::audit(const AuditEntry& entry)
{
    AuditEntry e = entry;
    if (e.at.empty())  // to the microsecond, so that the newest rows are known
        e.at = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%FZ");
    e.message = clipped(e.message, kTextChars);
    std::string cutoff = timestamp(retention_.days);
    int offset = retention_.rows - 1;
    transaction([&] {
        guarded("writing the audit trail", [&] {
            *session_ << sql("INSERT INTO audit_log (at, hook, service_id, outcome, code, message, requests, "
                             "duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                use(e.at), use(e.hook), use(e.service_id), use(e.outcome), use(e.code), use(e.message),
                use(e.requests), use(e.duration_ms), now;
            // Older than the cutoff, or older than the newest `rows` (the
            // inner SELECT wrapped once more, as MariaDB wants for a DELETE
            // that reads its own table).
            *session_ << sql("DELETE FROM audit_log WHERE service_id = ? AND (at < ? OR at < (SELECT at FROM "
                             "(SELECT at FROM audit_log WHERE service_id = ? ORDER BY at DESC LIMIT 1 OFFSET ?) "
                             "newest))"),
                use(e.service_id), use(cutoff), use(e.service_id), use(offset), now;
        });
    });
}

void Store::expire_audit()
{
    guarded("expiring the audit trail", [&] {
        std::string cutoff = timestamp(retention_.days);
        *session_ << sql("DELETE FROM audit_log WHERE at < ?"), use(cutoff), now;
    });
}

std::vector<AuditEntry> Store::audit_for(const std::string& service_id, int limit)
{
    return guarded("reading the audit trail", [&] {
        Poco::Data::Statement select(*session_);
        std::string sid = service_id;
        int n = limit;
        select << sql("SELECT at, hook, service_id, outcome, code, message, requests, duration_ms "
                      "FROM audit_log WHERE service_id = ? ORDER BY at DESC LIMIT ?"),
            use(sid), use(n), now;
        Poco::Data::RecordSet rs(select);
        std::vector<AuditEntry> out;
        for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
            AuditEntry e;
            e.at = column(rs, "at");
            e.hook = column(rs, "hook");
            e.service_id = column(rs, "service_id");
            e.outcome = column(rs, "outcome");
            e.code = rs.value("code").convert<int>();
            e.message = column(rs, "message");
            e.requests = rs.value("requests").convert<int>();
            e.duration_ms = rs.value("duration_ms").convert<int>();
            out.push_back(std::move(e));
        }
        return out;
    });
}

}  // namespace embyprov
