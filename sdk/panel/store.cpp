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
};

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

Server read_server(RecordSet& rs)
{
    Server s;
    s.id = number(rs, "id");
    s.name = text(rs, "name");
    s.hostname = text(rs, "hostname");
    s.port = static_cast<int>(number(rs, "port"));
    s.secure = number(rs, "secure") != 0;
    s.api_key = text(rs, "api_key");
    s.admin_username = text(rs, "admin_username");
    s.admin_password = text(rs, "admin_password");
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

Service read_service(RecordSet& rs)
{
    Service s;
    s.id = number(rs, "id");
    s.client_id = number(rs, "client_id");
    s.product_id = number(rs, "product_id");
    s.server_id = number(rs, "server_id");
    s.username = text(rs, "username");
    s.password = text(rs, "password");
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
    Poco::Data::SQLite::Connector::registerConnector();
    db_ = std::make_unique<Poco::Data::Session>("SQLite", path);
    *db_ << "PRAGMA journal_mode=WAL", now;
    *db_ << "PRAGMA foreign_keys=ON", now;
    for (const char* sql : kSchema)
        *db_ << sql, now;
}

Store::~Store() = default;

long long Store::last_id()
{
    Poco::Int64 id = 0;
    *db_ << "SELECT last_insert_rowid()", into(id), now;
    return id;
}

long long Store::add_server(const Server& s)
{
    std::lock_guard<std::mutex> lock(mutex_);
    std::string name = s.name, host = s.hostname, key = s.api_key, user = s.admin_username,
                pass = s.admin_password;
    int port = s.port, secure = s.secure ? 1 : 0;
    *db_ << "INSERT INTO servers (name, hostname, port, secure, api_key, admin_username, admin_password) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
        use(name), use(host), use(port), use(secure), use(key), use(user), use(pass), now;
    return last_id();
}

std::vector<Server> Store::servers()
{
    std::lock_guard<std::mutex> lock(mutex_);
    return rows<Server>(*db_, "SELECT * FROM servers ORDER BY id", nullptr, read_server);
}

std::optional<Server> Store::server(long long id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Poco::Int64 arg = id;
    return first(rows<Server>(*db_, "SELECT * FROM servers WHERE id = ?", &arg, read_server));
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
    std::string username = s.username, password = s.password, status = s.status,
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
    return rows<Service>(*db_, "SELECT * FROM services " + where + " ORDER BY id",
                         where.empty() ? nullptr : &bound, read_service);
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
    std::string value = password;
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
