// The admin dashboard (what exists, what to do next) and the module log.
#include "html.hpp"
#include "pages.hpp"

namespace panel {

namespace {

using html::esc;

std::string step(const std::string& id, bool done, const std::string& href, const std::string& text,
                 const std::string& detail)
{
    return "<li data-test=\"" + esc(id) + "\" data-done=\"" + (done ? "yes" : "no") + "\">" +
           (done ? "<span class=\"badge badge-active\">Done</span> " : "<span class=\"badge badge-pending\">To do</span> ") +
           html::link(href, text) + " <span class=\"muted\">" + esc(detail) + "</span></li>";
}

void dashboard(Panel& panel, Exchange& ex)
{
    auto session = admin_session(panel, ex);
    if (!session)
        return;
    const auto servers = panel.store.servers().size();
    const auto products = panel.store.products().size();
    const auto clients = panel.store.clients().size();
    const auto services = panel.store.services();
    std::size_t active = 0;
    for (const auto& s : services)
        active += s.status == "Active" ? 1 : 0;
    std::string body = "<h1>Dashboard</h1><section class=\"card\"><h2>Getting started</h2><ol id=\"setup-steps\">" +
                       step("step-server", servers > 0, "/admin/servers", "Add an Emby server",
                            std::to_string(servers) + " server(s)") +
                       step("step-product", products > 0, "/admin/products", "Define a product",
                            std::to_string(products) + " product(s)") +
                       step("step-client", clients > 0, "/admin/clients", "Add a client",
                            std::to_string(clients) + " client(s)") +
                       step("step-service", !services.empty(), "/admin/services",
                            "Order a service and press Create",
                            std::to_string(services.size()) + " service(s), " + std::to_string(active) +
                                " active") +
                       "</ol></section><section class=\"card\"><h2>Module</h2><dl class=\"fields\">"
                       "<dt>Library version</dt><dd id=\"module-version\">" + esc(panel.module.version()) +
                       "</dd><dt>Client area for customers</dt><dd>" +
                       html::link("/client", "Open the client area", "dashboard-client-link") +
                       "</dd></dl></section>";
    send_html(ex.response, 200, render_page(admin_chrome(panel, *session, "Dashboard", "/admin"), body));
}

void module_log(Panel& panel, Exchange& ex)
{
    auto session = admin_session(panel, ex);
    if (!session)
        return;
    const auto entries = panel.module.log();
    std::string body = "<h1>Module log</h1><p>Every request the module made to a media server, newest "
                       "first, as the module reported it (API keys, passwords and tokens are already "
                       "masked by the module).</p>";
    if (entries.empty()) {
        body += "<p id=\"module-log-empty\">No calls yet.</p>";
    } else {
        body += "<table id=\"module-log\" data-test=\"module-log\"><thead><tr><th scope=\"col\">Time</th>"
                "<th scope=\"col\">Action</th><th scope=\"col\">Request</th><th scope=\"col\">Response</th>"
                "</tr></thead><tbody>";
        for (const auto& e : entries)
            body += "<tr data-test=\"module-log-row\"><td>" + esc(e.at) + "</td><td>" + esc(e.action) +
                    "</td><td><pre>" + esc(e.request.substr(0, 4000)) + "</pre></td><td><pre>" +
                    esc(e.response.substr(0, 4000)) + "</pre></td></tr>";
        body += "</tbody></table>";
    }
    send_html(ex.response, 200, render_page(admin_chrome(panel, *session, "Module log", "/admin/log"), body));
}

}  // namespace

void add_admin_overview_routes(Router& router, Panel& panel)
{
    router.add("GET", "/admin/?", [&panel](Exchange& ex) { dashboard(panel, ex); });
    router.add("GET", "/admin/log", [&panel](Exchange& ex) { module_log(panel, ex); });
}

}  // namespace panel
