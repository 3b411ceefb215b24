// The panel's own records (servers, products, clients, services) in its own
// SQLite file, the way a billing panel keeps them apart from the module's
// state. One connection behind a mutex: the panel is a small loopback app,
// and SQLite serialises writers anyway.
//
// The file is the owner's alone (mode 0600, whatever the umask), and the
// secret columns (servers.api_key, servers.admin_password,
// services.password) are sealed with the operator's key (sealed.hpp), so
// the records cannot be read or written until unlock() is given it.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace Poco::Data {
class Session;
}

namespace panel {

class Sealer;

struct Server {
    long long id = 0;
    std::string name, hostname;
    int port = 8096;
    bool secure = false;
    std::string api_key;                         ///< serveraccesshash; never rendered
    std::string admin_username, admin_password;  ///< optional fallback; never rendered
};

struct Product {
    long long id = 0;
    std::string name;
    std::vector<std::string> options;  ///< configoption1..N, in config_options order
};

struct Client {
    long long id = 0;
    std::string name, email, language;
    std::string password_hash;
};

struct Service {
    long long id = 0;
    long long client_id = 0, product_id = 0, server_id = 0;
    std::string username;
    std::string password;  ///< the Emby password the module needs (WHMCS keeps it too)
    std::string status;    ///< Pending, Active, Suspended, Terminated
    std::string created_at;
};

class Store {
public:
    /// Opens (creating when missing) the SQLite file at `path`, mode 0600.
    explicit Store(const std::string& path);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// True once a key has been used with this database (it records a check
    /// value sealed with it).
    bool has_secret_key();

    /// Sets the key the secret columns are sealed with. Throws SealError
    /// when the database was sealed with another key; otherwise records the
    /// check value if there is none yet, and seals the plaintext secrets an
    /// older panel left.
    void unlock(std::unique_ptr<Sealer> sealer);

    /// Panel settings (name -> value), e.g. the admin password's hash.
    std::optional<std::string> setting(const std::string& name);
    void set_setting(const std::string& name, const std::string& value);

    long long add_server(const Server& s);
    std::vector<Server> servers();
    std::optional<Server> server(long long id);

    long long add_product(const Product& p);
    void update_product(const Product& p);
    std::vector<Product> products();
    std::optional<Product> product(long long id);

    /// Returns 0 when the e-mail address is already taken.
    long long add_client(const Client& c);
    std::vector<Client> clients();
    std::optional<Client> client(long long id);
    std::optional<Client> client_by_email(const std::string& email);

    long long add_service(const Service& s);
    std::vector<Service> services();
    std::vector<Service> services_of(long long client_id);
    std::optional<Service> service(long long id);
    void set_service_status(long long id, const std::string& status);
    void set_service_password(long long id, const std::string& password);
    void set_service_username(long long id, const std::string& username);
    void set_service_product(long long id, long long product_id);

private:
    long long last_id();
    std::vector<Service> select_services(const std::string& where, long long arg);
    std::optional<std::string> setting_locked(const std::string& name);
    /// The key; throws while the store is still locked.
    const Sealer& sealer() const;
    void seal_legacy_rows();

    std::mutex mutex_;
    std::unique_ptr<Poco::Data::Session> db_;
    std::unique_ptr<Sealer> sealer_;
};

}  // namespace panel
