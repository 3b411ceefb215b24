// "/": where to go, for a person who opened the panel's base URL.
#include "html.hpp"
#include "pages.hpp"

namespace panel {

void add_home_routes(Router& router, Panel&)
{
    router.add("GET", "/", [](Exchange& ex) {
        Chrome chrome;
        chrome.title = "Welcome";
        const std::string body =
            "<h1>embyprov reference panel</h1>"
            "<p>A small billing panel that drives the embyprov module through its C interface, "
            "the way WHMCS or another panel would.</p><ul>"
            "<li>" + html::link("/admin", "Admin area", "home-admin-link") +
            ": servers, products, clients, services and the module's buttons.</li>"
            "<li>" + html::link("/client", "Client area", "home-client-link") +
            ": what a customer sees for their services.</li></ul>";
        send_html(ex.response, 200, render_page(chrome, body));
    });
}

}  // namespace panel
