// Everything one running panel holds, shared by all page handlers.
#pragma once

#include <string>

#include "module_gateway.hpp"
#include "sessions.hpp"
#include "store.hpp"

namespace panel {

struct PanelOptions {
    int port = 8480;
    std::string db = "embyprov-panel.db";  ///< the panel's own SQLite file
    std::string module_db;                 ///< the library's state store (default: next to db)
    std::string lib;                       ///< libembyprov to load (default: host loader search)
    std::string templates_dir, lang_dir;   ///< passed to the library as overrides
    std::string admin_user = "admin";
    std::string admin_password = "admin-demo";
    bool exit_on_stdin_eof = false;
};

/// The library configuration (embyprov_open) for these options.
std::string library_config(const PanelOptions& options);

struct Panel {
    explicit Panel(const PanelOptions& o)
        : options(o), store(o.db), module(o.lib, library_config(o))
    {
    }

    PanelOptions options;
    Store store;
    ModuleGateway module;
    Sessions admin_sessions{"embyprov_panel_admin", "/admin"};
    Sessions client_sessions{"embyprov_panel_client", "/client"};
};

}  // namespace panel
