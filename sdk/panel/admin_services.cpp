// Admin: services (a client's order of a product on a server). The list,
// the order form, and the service page with the module's buttons and the
// module's own fields (admin_services_tab). The buttons post to
// admin_service_actions.cpp.
#include "html.hpp"
#include "module_params.hpp"
#include "pages.hpp"

namespace panel {

namespace {

using html::esc;

struct OrderForm {
    std::string client_id, product_id, server_id, username;
};

template <typename Rows, typename Label>
html::Options choices(const Rows& rows, Label label)
{
    html::Options out;
    for (const auto& r : rows)
        out.emplace_back(std::to_string(r.id), label(r));
    return out;
}

void list_page(Panel& panel, Exchange& ex, const Session& session, int status, const std::string& error,
               const OrderForm& form)
{
    Store& store = panel.store;
    const auto clients = store.clients();
    const auto products = store.products();
    const auto servers = store.servers();
    std::string body = "<h1>Services</h1>";
    const auto services = store.services();
    if (services.empty()) {
        body += "<p id=\"services-empty\">No service yet.</p>";
    } else {
        body += "<table id=\"services-table\" data-test=\"services-table\"><caption class=\"muted\">Services"
                "</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Client</th><th scope=\"col\">"
                "Product</th><th scope=\"col\">Emby username</th><th scope=\"col\">Status</th><th scope=\"col\">"
                "Manage</th></tr></thead><tbody>";
        for (const auto& s : services) {
            auto bundle = load_bundle(store, s.id);
            const std::string id = std::to_string(s.id);
            body += "<tr data-test=\"service-row\" data-service-id=\"" + id + "\"><td>" + id + "</td><td>" +
                    esc(bundle ? bundle->client.name : "?") + "</td><td>" +
                    esc(bundle ? bundle->product.name : "?") + "</td><td>" + esc(s.username) + "</td><td>" +
                    html::status_badge(s.status) + "</td><td>" +
                    html::link("/admin/services/" + id, "Open service #" + id, "service-link-" + id) +
                    "</td></tr>";
        }
        body += "</tbody></table>";
    }
    body += "<section class=\"card\" aria-labelledby=\"service-add-title\"><h2 id=\"service-add-title\">Order a "
            "service</h2>";
    if (!error.empty())
        body += error_notice("service-add-error", error);
    if (clients.empty() || products.empty() || servers.empty()) {
        body += "<p id=\"service-add-missing\">Add at least one server, product and client first.</p>";
    } else {
        body += html::post_form(
            "service-add-form", "/admin/services", session.csrf,
            html::select("service-client", "client_id", "Client",
                         choices(clients, [](const Client& c) { return c.name + " <" + c.email + ">"; }),
                         form.client_id, "", true) +
                html::select("service-product", "product_id", "Product",
                             choices(products, [](const Product& p) { return p.name; }), form.product_id, "", true) +
                html::select("service-server", "server_id", "Server",
                             choices(servers, [](const Server& s) { return s.name; }), form.server_id, "", true) +
                html::input({"service-username", "username", "Emby username", form.username, "text",
                             "The customer's sign-in name on the media server", true}) +
                html::input({"service-password", "password", "Emby password", "", "password",
                             "Leave empty and the module generates a strong one on Create", false,
                             "new-password"}) +
                html::submit("service-add-submit", "Add service"));
    }
    body += "</section>";
    send_html(ex.response, status, render_page(admin_chrome(panel, session, "Services", "/admin/services"), body));
}

long long to_id(const std::string& text)
{
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(text);
}

void add_service(Panel& panel, Exchange& ex)
{
    auto session = admin_session(panel, ex);
    if (!session)
        return;
    OrderForm form{ex.field("client_id"), ex.field("product_id"), ex.field("server_id"), ex.field("username")};
    const std::string password = ex.raw_field("password");
    Service s;
    s.client_id = to_id(form.client_id);
    s.product_id = to_id(form.product_id);
    s.server_id = to_id(form.server_id);
    s.username = form.username;
    s.password = password;
    s.status = "Pending";
    std::string error;
    if (!panel.store.client(s.client_id))
        error = "Choose a client.";
    else if (!panel.store.product(s.product_id))
        error = "Choose a product.";
    else if (!panel.store.server(s.server_id))
        error = "Choose a server.";
    else if (s.username.empty() || s.username.size() > 64)
        error = "Enter the Emby username (up to 64 characters).";
    else if (password.size() > 200)
        error = "The password is too long.";
    if (!error.empty())
        return list_page(panel, ex, *session, 400, error, form);
    const long long id = panel.store.add_service(s);
    panel.admin_sessions.set_flash(
        session->id, {true, "Service #" + std::to_string(id) + " added as Pending. Press Create to provision it.", ""});
    redirect(ex.response, "/admin/services/" + std::to_string(id));
}

std::string action_box(const std::string& base, const std::string& csrf, const std::string& action,
                       const std::string& title, const std::string& hint, const std::string& fields,
                       const std::string& button, const std::string& css_class = {})
{
    return html::post_form("action-" + action, base + "/" + action, csrf,
                           "<h3>" + esc(title) + "</h3><p class=\"hint\">" + esc(hint) + "</p>" + fields +
                               html::submit("btn-" + action, button, css_class));
}

std::string module_fields(Panel& panel, const ServiceBundle& b)
{
    const HookResult r = panel.module.call("admin_services_tab", *service_params(b));
    if (!r.ok())
        return error_notice("module-fields-error", "The module could not describe this service: " + r.message());
    auto fields = r.json->getObject("fields");
    if (!fields || fields->size() == 0)
        return "<p id=\"module-fields-empty\">The module reports nothing for this service.</p>";
    std::string out = "<dl class=\"fields\" id=\"module-fields\" data-test=\"module-fields\">";
    for (const auto& name : fields->getNames()) {
        const Poco::Dynamic::Var v = fields->get(name);
        out += "<dt>" + esc(name) + "</dt><dd data-field=\"" + esc(name) + "\">" +
               esc(v.isEmpty() ? std::string() : v.convert<std::string>()) + "</dd>";
    }
    return out + "</dl>";
}

void service_page(Panel& panel, Exchange& ex)
{
    auto session = admin_session(panel, ex);
    if (!session)
        return;
    auto bundle = load_bundle(panel.store, capture_id(ex));
    if (!bundle)
        return send_error_page(ex.response, 404, "Not found", "There is no such service.");
    const Service& s = bundle->service;
    const std::string id = std::to_string(s.id);
    const std::string base = "/admin/services/" + id;
    const std::string& csrf = session->csrf;
    html::Options products;
    for (const auto& p : panel.store.products())
        products.emplace_back(std::to_string(p.id), p.name);

    std::string body =
        "<p>" + html::link("/admin/services", "All services") + "</p><h1 id=\"service-title\">Service #" + id +
        ": " + esc(bundle->product.name) + "</h1><section class=\"card\"><dl class=\"fields\" id=\"service-fields\">"
        "<dt>Status</dt><dd id=\"service-status\">" + html::status_badge(s.status) +
        "</dd><dt>Client</dt><dd>" + esc(bundle->client.name) + " &lt;" + esc(bundle->client.email) +
        "&gt;</dd><dt>Product</dt><dd id=\"service-product\">" + esc(bundle->product.name) +
        "</dd><dt>Server</dt><dd>" + esc(bundle->server.name) + "</dd><dt>Emby username</dt><dd id=\"service-username\">" +
        esc(s.username) + "</dd><dt>Ordered</dt><dd>" + esc(s.created_at) +
        "</dd></dl></section><section class=\"card\" aria-labelledby=\"actions-title\"><h2 id=\"actions-title\">"
        "Module commands</h2><div class=\"actions\">" +
        action_box(base, csrf, "create", "Create", "Creates the Emby account with password and policy", "", "Create") +
        action_box(base, csrf, "suspend", "Suspend", "Disables the account and its media accounts",
                   html::input({"suspend-reason", "suspendreason", "Reason (optional)", "", "text"}), "Suspend",
                   "secondary") +
        action_box(base, csrf, "unsuspend", "Unsuspend", "Restores every account as it was", "", "Unsuspend",
                   "secondary") +
        action_box(base, csrf, "terminate", "Terminate", "Removes every Emby user of the service", "",
                   "Terminate", "danger") +
        action_box(base, csrf, "change-password", "Change password", "Sets the main account's Emby password",
                   html::input({"new-password", "new_password", "New password", "", "password", "", true,
                                "new-password"}),
                   "Change password", "secondary") +
        action_box(base, csrf, "change-package", "Change package", "Re-applies libraries and limits",
                   html::select("new-product", "product_id", "New product", products,
                                std::to_string(s.product_id)),
                   "Change package", "secondary") +
        action_box(base, csrf, "drop-devices", "Drop devices", "Signs every device of the service out", "",
                   "Drop devices", "secondary") +
        action_box(base, csrf, "usage", "Usage", "Devices, streams and media accounts right now", "", "Usage",
                   "secondary") +
        "</div></section><section class=\"card\" aria-labelledby=\"module-title\"><h2 id=\"module-title\">"
        "Module data</h2>" + module_fields(panel, *bundle) +
        "</section><p class=\"muted\">The customer manages this service at " +
        html::link("/client/service/" + id, "/client/service/" + id, "service-client-link") +
        " after signing in to the client area as " + esc(bundle->client.email) + ".</p>";
    send_html(ex.response, 200,
              render_page(admin_chrome(panel, *session, "Service #" + id, "/admin/services"), body));
}

}  // namespace

void add_service_routes(Router& router, Panel& panel)
{
    router.add("GET", "/admin/services", [&panel](Exchange& ex) {
        auto session = admin_session(panel, ex);
        if (session)
            list_page(panel, ex, *session, 200, "", {});
    });
    router.add("POST", "/admin/services", [&panel](Exchange& ex) { add_service(panel, ex); });
    router.add("GET", "/admin/services/([0-9]{1,18})", [&panel](Exchange& ex) { service_page(panel, ex); });
}

}  // namespace panel
