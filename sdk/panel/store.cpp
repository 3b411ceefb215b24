#include "store.hpp"

#include <sstream>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>

#include "private_file.hpp"
#include "sealed.hpp"

using namespace Poco::Data::Keywords;
using Poco::Data::RecordSet;
using Poco::Data::Statement;

namespace panel {

namespace {

const char* const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS servers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "hostname TEXT NOT NULL, port INTEGER NOT NULL, secure INTEGER NOT NULL, api_key TEXT NOT NULL, "
    "admin_username TEXT NOT NULL DEFAULT '', admin_password TEXT NOT NULL DEFAULT '')",
    // options: JSON array of the configoptionN values, in config_options order.
    "CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "options TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS clients (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "email TEXT NOT NULL UNIQUE COLLATE NOCASE, language TEXT NOT NULL, password_hash TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS services (id INTEGER PRIMARY KEY, "
    "client_id INTEGER NOT NULL REFERENCES clients(id), "
    "product_id INTEGER NOT NULL REFERENCES products(id), "
    "server_id INTEGER NOT NULL REFERENCES servers(id), username TEXT NOT NULL, "
    "password TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
};

// The secret columns, each sealed for its own name (sealed.hpp).
constexpr char kApiKey[] = "servers.api_key";
constexpr char kServerPassword[] = "servers.admin_password";
constexpr char kServicePassword[] = "services.password";
// A known value sealed with the key, so a wrong key is caught at start.
constexpr char kKeyCheckSetting[] = "key_check";
constexpr char kKeyCheckContext[] = "settings.key_check";
constexpr char kKeyCheckValue[] = "embyprov-panel secret key";

std::string text(RecordSet& rs, const char* name)
{
    const Poco::Dynamic::Var v = rs.value(name);
    return v.isEmpty() ? std::string() : v.convert<std::string>();
}

long long number(RecordSet& rs, const char* name)
{
    const Poco::Dynamic::Var v = rs.value(name);
    return v.isEmpty() ? 0 : v.convert<Poco::Int64>();
}

std::string options_to_json(const std::vector<std::string>& options)
{
    Poco::JSON::Array a;
    for (const auto& o : options)
        a.add(o);
    std::ostringstream s;
    a.stringify(s);
    return s.str();
}

std::vector<std::string> options_from_json(const std::string& json)
{
    std::vector<std::string> out;
    const auto a = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Array::Ptr>();
    for (const auto& v : *a)
        out.push_back(v.convert<std::string>());
    return out;
}

Server read_server(RecordSet& rs, const Sealer& sealer)
{
    Server s;
    s.id = number(rs, "id");
    s.name = text(rs, "name");
    s.hostname = text(rs, "hostname");
    s.port = static_cast<int>(number(rs, "port"));
    s.secure = number(rs, "secure") != 0;
    s.api_key = sealer.open(text(rs, "api_key"), kApiKey);
    s.admin_username = text(rs, "admin_username");
    s.admin_password = sealer.open(text(rs, "admin_password"), kServerPassword);
    return s;
}

Product read_product(RecordSet& rs)
{
    Product p;
    p.id = number(rs, "id");
    p.name = text(rs, "name");
    p.options = options_from_json(text(rs, "options"));
    return p;
}

Client read_client(RecordSet& rs)
{
    Client c;
    c.id = number(rs, "id");
    c.name = text(rs, "name");
    c.email = text(rs, "email");
    c.language = text(rs, "language");
    c.password_hash = text(rs, "password_hash");
    return c;
}

Service read_service(RecordSet& rs, const Sealer& sealer)
{
    Service s;
    s.id = number(rs, "id");
    s.client_id = number(rs, "client_id");
    s.product_id = number(rs, "product_id");
    s.server_id = number(rs, "server_id");
    s.username = text(rs, "username");
    s.password = sealer.open(text(rs, "password"), kServicePassword);
    s.status = text(rs, "status");
    s.created_at = text(rs, "created_at");
    return s;
}

/// Runs `sql` with one bound id and reads every row with `read`.
template <typename Row, typename Reader>
std::vector<Row> rows(Poco::Data::Session& db, const std::string& sql, Poco::Int64* arg, Reader read)
{
    Statement st(db);
    st << sql;
    if (arg)
        st.addBind(use(*arg));
    st.execute();
    RecordSet rs(st);
    std::vector<Row> out;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext())
        out.push_back(read(rs));
    return out;
}

template <typename Row>
std::optional<Row> first(std::vector<Row> all)
{
    if (all.empty())
        return std::nullopt;
    return std::move(all.front());
}

}  // namespace

Store::Store(const std::string& path)
{
    // Made owner-only before SQLite opens it; SQLite gives the -wal and -shm
    // files it creates the database's mode, and older ones are fixed here.
    make_private_file(path);
    restrict_if_present(path + "-wal");
    restrict_if_present(path + "-shm");
    Poco::Data::SQLite::Connector::registerConnector();
    db_ = std::make_unique<Poco::Data::Session>("SQLite", path);
    *db_ << "PRAGMA journal_mode=WAL", now;
    *db_ << "PRAGMA foreign_keys=ON", now;
    // Overwrite what is deleted or replaced, so an old value (a legacy
    // plaintext secret) does not linger in free space.
    *db_ << "PRAGMA secure_delete=ON", now;
    for (const char* sql : kSchema)
        *db_ << sql, now;
}

Store::~Store() = default;

bool Store::has_secret_key()
{
    std::lock_guard<std::mutex> lock(mutex_);
    return setting_locked(kKeyCheckSetting).has_value();
}

void Store::unlock(std::unique_ptr<Sealer> sealer)
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto check = setting_locked(kKeyCheckSetting)) {
        if (sealer->open(*check, kKeyCheckContext) != kKeyCheckValue)
            throw SealError("the database's key check is damaged");
    } else {
        std::string name = kKeyCheckSetting, value = sealer->seal(kKeyCheckValue, kKeyCheckContext);
        *db_ << "INSERT INTO settings (name, value) VALUES (?, ?)", use(name), use(value), now;
    }
    sealer_ = std::move(sealer);
    seal_legacy_rows();
}

const Sealer& Store::sealer() const
{
    if (!sealer_)
        throw std::logic_error("the panel's store is used before its secret key is set");
    return *sealer_;
}

void Store::seal_legacy_rows()
{
    struct Row {
        long long id;
        std::string first, second;
    };
    const auto servers = rows<Row>(*db_, "SELECT id, api_key, admin_password FROM servers", nullptr, [](RecordSet& rs) {
        return Row{number(rs, "id"), text(rs, "api_key"), text(rs, "admin_password")};
    });
    const auto services = rows<Row>(*db_, "SELECT id, password FROM services", nullptr, [](RecordSet& rs) {
        return Row{number(rs, "id"), text(rs, "password"), {}};
    });
    bool changed = false;
    db_->begin();
    try {
        for (const Row& r : servers) {
            if (Sealer::is_sealed(r.first) && Sealer::is_sealed(r.second))
                continue;
            Poco::Int64 id = r.id;
            std::string key = sealer_->seal(sealer_->open(r.first, kApiKey), kApiKey),
                        pass = sealer_->seal(sealer_->open(r.second, kServerPassword), kServerPassword);
            *db_ << "UPDATE servers SET api_key = ?, admin_password = ? WHERE id = ?", use(key), use(pass), use(id),
                now;
            changed = true;
        }
        for (const Row& r : services) {
            if (Sealer::is_sealed(r.first))
                continue;
            Poco::Int64 id = r.id;
            std::string pass = sealer_->seal(r.first, kServicePassword);
            *db_ << "UPDATE services SET password = ? WHERE id = ?", use(pass), use(id), now;
            changed = true;
        }
        db_->commit();
    } catch (...) {
        db_->rollback();
        throw;
    }
    // Move the sealed pages into the database file now, over the plaintext
    // ones, rather than at some later checkpoint.
    if (changed)
        *db_ << "PRAGMA wal_checkpoint(TRUNCATE)", now;
}

std::optional<std::string> Store::setting(const std::string& name)
{
    std::lock_guard<std::mutex> lock(mutex_);
    return setting_locked(name);
}

std::optional<std::string> Store::setting_locked(const std::string& name)
{
    std::string arg = name;
    Statement st(*db_);
    st << "SELECT value FROM settings WHERE name = ?", use(arg);
    st.execute();
    RecordSet rs(st);
    if (!rs.moveFirst())
        return std::nullopt;
    return text(rs, "value");
}

void Store::set_setting(const std::string& name, const std::string& value)
{
    std::lock_guard<std::mutex> lock(mutex_);
    std::string n = name, v = value;
    *db_ << "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        use(n), use(v), now;
}

long long Store::last_id()
{
    Poco::Int64 id = 0;
    *db_ << "SELECT last_insert_rowid()", into(id), now;
    return id;
}

long long Store::add_server(const Server& s)
{
    std::lock_guard<std::mutex> lock(mutex_);
    std::string name = s.name, host = s.hostname, key = sealer().seal(s.api_key, kApiKey),
                user = s.admin_username, pass = sealer().seal(s.admin_password, kServerPassword);
    int port = s.port, secure = s.secure ? 1 : 0;
    *db_ << "INSERT INTO servers (name, hostname, port, secure, api_key, admin_username, admin_password) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
        use(name), use(host), use(port), use(secure), use(key), use(user), use(pass), now;
    return last_id();
}

std::vector<Server> Store::servers()
{
    std::lock_guard<std::mutex> lock(mutex_);
    const Sealer& keys = sealer();
    return rows<Server>(*db_, "SELECT * FROM servers ORDER BY id", nullptr,
                        [&keys](RecordSet& rs) { return read_server(rs, keys); });
}

std::optional<Server> Store::server(long long id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Poco::Int64 arg = id;
    const Sealer& keys = sealer();
    return first(rows<Server>(*db_, "SELECT * FROM servers WHERE id = ?", &arg,
                              [&keys](RecordSet& rs) { return read_server(rs, keys); }));
}

long long Store::add_product(const Product& p)
{
    std::lock_guard<std::mutex> lock(mutex_);
    std::string name = p.name, options = options_to_json(p.options);
    *db_ << "INSERT INTO products (name, options) VALUES (?, ?)", use(name), use(options), now;
    return last_id();
}

void Store::update_product(const Product& p)
{
    std::lock_guard<std::mutex> lock(mutex_);
    std::string name = p.name, options = options_to_json(p.options);
    Poco::Int64 id = p.id;
    *db_ << "UPDATE products SET name = ?, options = ? WHERE id = ?", use(name), use(options), use(id),
        now;
}

std::vector<Product> Store::products()
{
    std::lock_guard<std::mutex> lock(mutex_);
    return rows<Product>(*db_, "SELECT * FROM products ORDER BY id", nullptr, read_product);
}

std::optional<Product> Store::product(long long id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Poco::Int64 arg = id;
    return first(rows<Product>(*db_, "SELECT * FROM products WHERE id = ?", &arg, read_product));
}

long long Store::add_client(const Client& c)
{
    std::lock_guard<std::mutex> lock(mutex_);
    std::string name = c.name, email = c.email, language = c.language, hash = c.password_hash;
    try {
        *db_ << "INSERT INTO clients (name, email, language, password_hash) VALUES (?, ?, ?, ?)",
            use(name), use(email), use(language), use(hash), now;
    } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
        return 0;  // the e-mail address is taken: the caller says so
    }
    return last_id();
}

std::vector<Client> Store::clients()
{
    std::lock_guard<std::mutex> lock(mutex_);
    return rows<Client>(*db_, "SELECT * FROM clients ORDER BY id", nullptr, read_client);
}

std::optional<Client> Store::client(long long id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Poco::Int64 arg = id;
    return first(rows<Client>(*db_, "SELECT * FROM clients WHERE id = ?", &arg, read_client));
}

std::optional<Client> Store::client_by_email(const std::string& email)
{
    std::lock_guard<std::mutex> lock(mutex_);
    std::string arg = email;
    Statement st(*db_);
    st << "SELECT * FROM clients WHERE email = ?", use(arg);
    st.execute();
    RecordSet rs(st);
    if (!rs.moveFirst())
        return std::nullopt;
    return read_client(rs);
}

long long Store::add_service(const Service& s)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Poco::Int64 client = s.client_id, product = s.product_id, server = s.server_id;
    std::string username = s.username, password = sealer().seal(s.password, kServicePassword), status = s.status,
                created = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%d %H:%M:%S");
    *db_ << "INSERT INTO services (client_id, product_id, server_id, username, password, status, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        use(client), use(product), use(server), use(username), use(password), use(status), use(created),
        now;
    return last_id();
}

std::vector<Service> Store::select_services(const std::string& where, long long arg)
{
    Poco::Int64 bound = arg;
    const Sealer& keys = sealer();
    return rows<Service>(*db_, "SELECT * FROM services " + where + " ORDER BY id", where.empty() ? nullptr : &bound,
                         [&keys](RecordSet& rs) { return read_service(rs, keys); });
}

std::vector<Service> Store::services()
{
    std::lock_guard<std::mutex> lock(mutex_);
    return select_services("", 0);
}

std::vector<Service> Store::services_of(long long client_id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    return select_services("WHERE client_id = ?", client_id);
}

std::optional<Service> Store::service(long long id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    return first(select_services("WHERE id = ?", id));
}

void Store::set_service_status(long long id, const std::string& status)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Poco::Int64 arg = id;
    std::string value = status;
    *db_ << "UPDATE services SET status = ? WHERE id = ?", use(value), use(arg), now;
}

void Store::set_service_password(long long id, const std::string& password)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Poco::Int64 arg = id;
    std::string value = sealer().seal(password, kServicePassword);
    *db_ << "UPDATE services SET password = ? WHERE id = ?", use(value), use(arg), now;
}

void Store::set_service_username(long long id, const std::string& username)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Poco::Int64 arg = id;
    std::string value = username;
    *db_ << "UPDATE services SET username = ? WHERE id = ?", use(value), use(arg), now;
}

void Store::set_service_product(long long id, long long product_id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Poco::Int64 arg = id, product = product_id;
    *db_ << "UPDATE services SET product_id = ? WHERE id = ?", use(product), use(arg), now;
}

}  // namespace panel
