// The panel's pages, one file per area, each registering its routes; plus
// the few helpers the pages share.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "layout.hpp"
#include "module_gateway.hpp"
#include "panel.hpp"
#include "router.hpp"

namespace panel {

void add_home_routes(Router& router, Panel& panel);            // home_page.cpp
void add_admin_auth_routes(Router& router, Panel& panel);      // admin_auth.cpp
void add_admin_overview_routes(Router& router, Panel& panel);  // admin_overview.cpp
void add_server_routes(Router& router, Panel& panel);          // admin_servers.cpp
void add_product_routes(Router& router, Panel& panel);         // admin_products.cpp
void add_client_routes(Router& router, Panel& panel);          // admin_clients.cpp
void add_service_routes(Router& router, Panel& panel);         // admin_services.cpp
void add_service_action_routes(Router& router, Panel& panel);  // admin_service_actions.cpp
void add_client_area_routes(Router& router, Panel& panel);     // client_pages.cpp

// admin_auth.cpp:

/// For admin handlers: the signed-in admin's session. Otherwise answers
/// itself (a GET goes to the login page; a POST without this session's CSRF
/// token gets 403) and returns nullopt, and the handler just returns.
std::optional<Session> admin_session(Panel& panel, Exchange& ex);

/// The admin frame for a page, with the pending flash taken off the session.
Chrome admin_chrome(Panel& panel, const Session& session, const std::string& title,
                    const std::string& active);

// page_helpers.cpp:

/// The number in route group `index` (routes only capture [0-9]{1,18}).
long long capture_id(const Exchange& ex, std::size_t index = 0);

/// "Create: success" / "Create failed: <module's message>" with the code.
Flash hook_flash(const ModuleGateway& module, const std::string& label, const HookResult& result);

/// The languages a client can have, as WHMCS names them (value, label).
const std::vector<std::pair<std::string, std::string>>& client_languages();

}  // namespace panel
