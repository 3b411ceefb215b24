// Everything one running panel holds, shared by all page handlers.
#pragma once

#include <string>
#include <vector>

#include "module_gateway.hpp"
#include "sessions.hpp"
#include "store.hpp"
#include "throttle.hpp"

namespace panel {

struct PanelOptions {
    int port = 8480;
    std::string db = "embyprov-panel.db";  ///< the panel's own SQLite file
    std::string module_db;                 ///< the library's state store (default: next to db)
    std::string lib;                       ///< libembyprov to load (default: host loader search)
    std::string templates_dir, lang_dir;   ///< passed to the library as overrides
    std::string admin_user = "admin";
    std::string admin_password;   ///< replaces the stored one when given; there is no built-in one
    std::string secret_key_file;  ///< the key the secret columns are sealed with (default: next to db)
    bool exit_on_stdin_eof = false;
};

/// The library configuration (embyprov_open) for these options.
std::string library_config(const PanelOptions& options);

struct Panel {
    /// Opens the store with the secret key (creating the key file on a
    /// first start), settles the admin password, loads the library. Throws
    /// with a sentence for the operator when any of it fails.
    explicit Panel(const PanelOptions& o);  // panel.cpp

    PanelOptions options;
    Store store;
    /// Lines for stdout, printed once after the URL: a generated admin
    /// password, a newly created key file.
    std::vector<std::string> notices;
    /// The admin password's salted PBKDF2 hash (never the password).
    std::string admin_password_hash;
    ModuleGateway module;
    Sessions admin_sessions{"embyprov_panel_admin", "/admin"};
    Sessions client_sessions{"embyprov_panel_client", "/client"};
    LoginThrottle admin_logins, client_logins;
};

}  // namespace panel
