#include "router.hpp"

#include <iostream>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>

#include "html.hpp"
#include "layout.hpp"

namespace panel {

namespace {

class RouterHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit RouterHandler(const Router& router) : router_(router) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override
    {
        router_.dispatch(request, response);
    }

private:
    const Router& router_;
};

class RouterFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit RouterFactory(const Router& router) : router_(router) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new RouterHandler(router_);
    }

private:
    const Router& router_;
};

void internal_error(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                    const std::string& detail)
{
    // The detail goes to the operator's terminal, not to the browser.
    std::cerr << "embyprov-panel: " << request.getMethod() << " " << request.getURI()
              << " failed: " << detail << std::endl;
    if (!response.sent())
        send_error_page(response, 500, "Something went wrong",
                        "The panel could not finish this request. Try again; if it keeps failing, "
                        "check the panel's log.");
}

}  // namespace

void Router::add(const std::string& method, const std::string& pattern, Handler handler)
{
    routes_.push_back({method, std::regex(pattern), std::move(handler)});
}

void send_error_page(Poco::Net::HTTPServerResponse& response, int status, const std::string& title,
                     const std::string& text)
{
    Chrome chrome;
    chrome.title = title;
    const std::string body = "<h1 id=\"error-title\" data-test=\"error-title\">" + html::esc(title) +
                             "</h1><p id=\"error-text\" data-test=\"error-text\">" + html::esc(text) +
                             "</p><p><a href=\"/\">Back to the start page</a></p>";
    send_html(response, status, render_page(chrome, body));
}

void Router::dispatch(Poco::Net::HTTPServerRequest& request,
                      Poco::Net::HTTPServerResponse& response) const
{
    try {
        Exchange ex(request, response);
        bool path_known = false;
        for (const auto& route : routes_) {
            std::smatch m;
            if (!std::regex_match(ex.path, m, route.pattern))
                continue;
            path_known = true;
            if (route.method != ex.method)
                continue;
            for (std::size_t i = 1; i < m.size(); ++i)
                ex.captures.push_back(m[i].str());
            route.handler(ex);
            return;
        }
        if (path_known) {
            response.set("Allow", "GET, POST");
            send_error_page(response, 405, "Method not allowed", "This address does not accept that request.");
        } else {
            send_error_page(response, 404, "Not found", "There is no page at this address.");
        }
    } catch (const BadRequest& e) {
        if (!response.sent())
            send_error_page(response, e.status, "Request refused", e.message);
    } catch (const Poco::Exception& e) {
        internal_error(request, response, e.displayText());
    } catch (const std::exception& e) {
        internal_error(request, response, e.what());
    }
}

Poco::Net::HTTPRequestHandlerFactory* Router::factory() const
{
    return new RouterFactory(*this);
}

}  // namespace panel
