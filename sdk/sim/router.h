// Route table: case-insensitive path templates like "Users/{Id}/Policy".
#pragma once

#include "auth.h"
#include "http_types.h"
#include "json_util.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sim {

class SimState;
struct SimOptions;

enum class Access {
    Anonymous,  // no token needed
    AnyToken,   // any valid user token or the API key
    Admin,      // admin user token or the API key; other users → 403
};

// What a handler gets: the request, its path parameters, the caller, and the
// state (the Simulator's mutex is held for the whole call).
class RouteContext {
public:
    RouteContext(const SimRequest& request, std::map<std::string, std::string> params, Caller& caller,
                 SimState& state, const SimOptions& options);

    const SimRequest& request;
    Caller& caller;
    SimState& state;
    const SimOptions& options;

    // Path parameter by its template name, e.g. param("Id").
    std::string param(const std::string& name) const;
    // Query parameter, name matched case-insensitively.
    std::optional<std::string> query(const std::string& name) const;
    // The request body as a JSON object (parsed once; malformed → 400).
    const JsonObject& body();
    // A body field that Emby also binds from the query string or a form post.
    std::optional<std::string> boundField(const std::string& name);

private:
    std::map<std::string, std::string> params_;
    JsonObject body_;
};

using RouteHandler = std::function<SimResponse(RouteContext&)>;

struct Route {
    std::string method;
    std::vector<std::string> segments;
    Access access;
    RouteHandler handler;
    // The route acts as the caller's own session (remote commands name the
    // sender), so it files one on servers that file sessions sparingly.
    bool filesCallerSession = false;
};

class Router {
public:
    void add(const std::string& method, const std::string& pattern, Access access, RouteHandler handler,
             bool filesCallerSession = false);
    // First route whose method and template match; fills `params`.
    const Route* match(const std::string& method, const std::string& path,
                       std::map<std::string, std::string>& params) const;

private:
    std::vector<Route> routes_;
};

// Route registration, one function per topic (routes_*.cpp).
void addSystemRoutes(Router& router, Flavor flavor);
void addAuthenticationRoutes(Router& router, Flavor flavor);
void addUserRoutes(Router& router, Flavor flavor);
void addUserSettingsRoutes(Router& router, Flavor flavor);
void addPasswordRoutes(Router& router, Flavor flavor);
void addConnectRoutes(Router& router, Flavor flavor);
void addDeviceRoutes(Router& router, Flavor flavor);
void addSessionRoutes(Router& router, Flavor flavor);
void addLibraryRoutes(Router& router, Flavor flavor);

}  // namespace sim
