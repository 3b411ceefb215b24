// Routes: method + a regex over the whole path, first match wins. Unknown
// paths get the 404 page, known paths with another method 405, refused
// requests their status, and an unexpected exception a 500 page that names
// no internals.
#pragma once

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "http_io.hpp"

namespace panel {

using Handler = std::function<void(Exchange&)>;

class Router {
public:
    /// `pattern` must match the whole path; its groups land in Exchange::captures.
    void add(const std::string& method, const std::string& pattern, Handler handler);

    /// Runs the matching handler, or answers 404/405/400/413/500 itself.
    void dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) const;

    /// A factory for Poco's HTTPServer that sends every request to dispatch().
    /// The router must outlive the server.
    Poco::Net::HTTPRequestHandlerFactory* factory() const;

private:
    struct Route {
        std::string method;
        std::regex pattern;
        Handler handler;
    };
    std::vector<Route> routes_;
};

/// The plain error page (404, 403, ...) with a way back.
void send_error_page(Poco::Net::HTTPServerResponse& response, int status, const std::string& title,
                     const std::string& text);

}  // namespace panel
