// Admin: Emby servers. Add one (hostname, port, TLS, API key), test the
// connection step by step, list the accounts the server already has. The
// API key and admin password are stored for the module and never shown.
#include <Poco/JSON/Array.h>

#include "html.hpp"
#include "module_params.hpp"
#include "pages.hpp"

namespace panel {

namespace {

using html::esc;

struct ServerForm {
    std::string name, hostname, port = "8096", api_key, admin_username, admin_password;
    bool secure = false;
};

std::string list_page(Panel& panel, const std::string& csrf, const std::string& error,
                      const ServerForm& form)
{
    std::string body = "<h1>Servers</h1>";
    const auto servers = panel.store.servers();
    if (servers.empty()) {
        body += "<p id=\"servers-empty\">No server yet. Add the Emby (or Jellyfin) server the module should "
                "create accounts on.</p>";
    } else {
        body += "<table id=\"servers-table\" data-test=\"servers-table\"><caption class=\"muted\">Servers the "
                "module can provision on</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">"
                "Address</th><th scope=\"col\">TLS</th><th scope=\"col\">Details</th></tr></thead><tbody>";
        for (const auto& s : servers)
            body += "<tr data-test=\"server-row\" data-server-id=\"" + std::to_string(s.id) + "\"><td>" +
                    esc(s.name) + "</td><td>" + esc(s.hostname) + ":" + std::to_string(s.port) + "</td><td>" +
                    (s.secure ? "Yes (https)" : "No (http)") + "</td><td>" +
                    html::link("/admin/servers/" + std::to_string(s.id), "Open " + s.name,
                               "server-link-" + std::to_string(s.id)) +
                    "</td></tr>";
        body += "</tbody></table>";
    }
    body += "<section class=\"card\" aria-labelledby=\"server-add-title\"><h2 id=\"server-add-title\">Add a "
            "server</h2>";
    if (!error.empty())
        body += error_notice("server-add-error", error);
    body += html::post_form(
        "server-add-form", "/admin/servers", csrf,
        html::input({"server-name", "name", "Name", form.name, "text", "Shown to you only; default: the hostname"}) +
            html::input({"server-hostname", "hostname", "Hostname or IP address", form.hostname, "text", "", true}) +
            html::input({"server-port", "port", "Port", form.port, "number",
                         "Emby's defaults: 8096 (http), 8920 (https)", true}) +
            html::checkbox("server-secure", "secure", "Use TLS (https)", form.secure,
                           "Certificates are verified") +
            html::input({"server-api-key", "api_key", "API key", "", "password",
                         "Emby: Dashboard > Advanced > API Keys", true}) +
            html::input({"server-admin-username", "admin_username", "Admin username (optional)",
                         form.admin_username, "text",
                         "Only for Emby versions that refuse some calls made with an API key"}) +
            html::input({"server-admin-password", "admin_password", "Admin password (optional)", "",
                         "password"}) +
            html::submit("server-add-submit", "Add server"));
    return body + "</section>";
}

std::string steps_table(const Poco::JSON::Object& result)
{
    auto steps = result.getArray("steps");
    std::string out;
    if (auto server = result.getObject("server"))
        out += "<p id=\"test-server\" data-test=\"test-server\">Server: " +
               esc(server->optValue<std::string>("name", "")) + ", version " +
               esc(server->optValue<std::string>("version", "?")) + " (" +
               esc(server->optValue<std::string>("flavour", "?")) + ")</p>";
    if (!steps || steps->size() == 0)
        return out;
    out += "<table id=\"test-steps\" data-test=\"test-steps\" class=\"steps\"><caption class=\"muted\">"
           "Connection steps</caption><thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Result</th>"
           "<th scope=\"col\">Detail</th></tr></thead><tbody>";
    for (std::size_t i = 0; i < steps->size(); ++i) {
        auto step = steps->getObject(static_cast<unsigned>(i));
        if (!step)
            continue;
        const bool ok = step->optValue<bool>("ok", false);
        const std::string name = step->optValue<std::string>("step", "");
        out += "<tr data-test=\"test-step\" data-step=\"" + esc(name) + "\" data-ok=\"" + (ok ? "yes" : "no") +
               "\"><td>" + esc(name) + "</td><td class=\"" + (ok ? "ok" : "failed") + "\">" +
               (ok ? "&#10004;&#xFE0E; OK" : "&#10006;&#xFE0E; Failed") + "</td><td>" +
               esc(step->optValue<std::string>("detail", "")) + "</td></tr>";
    }
    return out + "</tbody></table>";
}

std::string accounts_table(const Poco::JSON::Object& result)
{
    auto accounts = result.getArray("accounts");
    if (!accounts || accounts->size() == 0)
        return "<p id=\"accounts-empty\">The server has no non-admin users.</p>";
    std::string out = "<table id=\"server-accounts\" data-test=\"server-accounts\"><caption class=\"muted\">"
                      "Users on the server</caption><thead><tr><th scope=\"col\">Username</th><th scope=\"col\">"
                      "Status</th><th scope=\"col\">Created</th><th scope=\"col\">Service</th></tr></thead><tbody>";
    for (std::size_t i = 0; i < accounts->size(); ++i) {
        auto a = accounts->getObject(static_cast<unsigned>(i));
        if (!a)
            continue;
        const Poco::Dynamic::Var sid = a->get("serviceid");
        out += "<tr data-test=\"server-account\"><td>" + esc(a->optValue<std::string>("username", "")) +
               "</td><td>" + esc(a->optValue<std::string>("status", "")) + "</td><td>" +
               esc(a->optValue<std::string>("created", "")) + "</td><td>" +
               (sid.isEmpty() ? std::string("not in billing") : "#" + esc(sid.convert<std::string>())) +
               "</td></tr>";
    }
    return out + "</tbody></table>";
}

void server_page(Panel& panel, Exchange& ex)
{
    auto session = admin_session(panel, ex);
    if (!session)
        return;
    const auto server = panel.store.server(capture_id(ex));
    if (!server)
        return send_error_page(ex.response, 404, "Not found", "There is no such server.");
    const std::string base = "/admin/servers/" + std::to_string(server->id);
    std::string body = "<p>" + html::link("/admin/servers", "All servers") + "</p><h1 id=\"server-title\">" +
                       esc(server->name) + "</h1><section class=\"card\"><dl class=\"fields\" id=\"server-fields\">"
                       "<dt>Hostname</dt><dd>" + esc(server->hostname) + "</dd><dt>Port</dt><dd>" +
                       std::to_string(server->port) + "</dd><dt>TLS</dt><dd>" +
                       (server->secure ? "Yes (https)" : "No (http)") +
                       "</dd><dt>API key</dt><dd>stored (not shown)</dd><dt>Admin user</dt><dd>" +
                       (server->admin_username.empty() ? std::string("not set") : esc(server->admin_username)) +
                       "</dd></dl></section><section class=\"card\"><h2>Check</h2><div class=\"actions\">" +
                       html::post_form("server-test-form", base + "/test", session->csrf,
                                       "<h3>Test connection</h3><p class=\"hint\">DNS, TCP, TLS, server, API key"
                                       "</p>" + html::submit("server-test-connection", "Test connection")) +
                       html::post_form("server-accounts-form", base + "/accounts", session->csrf,
                                       "<h3>List accounts</h3><p class=\"hint\">Users already on the server, for "
                                       "importing</p>" + html::submit("server-list-accounts", "List accounts", "secondary")) +
                       "</div></section>";
    send_html(ex.response, 200, render_page(admin_chrome(panel, *session, server->name, "/admin/servers"), body));
}

void server_hook(Panel& panel, Exchange& ex, const std::string& hook, const std::string& label)
{
    auto session = admin_session(panel, ex);
    if (!session)
        return;
    const auto server = panel.store.server(capture_id(ex));
    if (!server)
        return send_error_page(ex.response, 404, "Not found", "There is no such server.");
    const HookResult result = panel.module.call(hook, *server_params(*server));
    Flash flash = hook_flash(panel.module, label, result);
    flash.detail_html += hook == "test_connection" ? steps_table(*result.json) : accounts_table(*result.json);
    panel.admin_sessions.set_flash(session->id, flash);
    redirect(ex.response, "/admin/servers/" + std::to_string(server->id));
}

void add_server(Panel& panel, Exchange& ex)
{
    auto session = admin_session(panel, ex);
    if (!session)
        return;
    ServerForm form;
    form.hostname = ex.field("hostname");
    form.name = ex.field("name").empty() ? form.hostname : ex.field("name");
    form.port = ex.field("port");
    form.secure = !ex.field("secure").empty();
    form.api_key = ex.field("api_key");
    form.admin_username = ex.field("admin_username");
    form.admin_password = ex.raw_field("admin_password");
    std::string error;
    int port = 0;
    try {
        port = form.port.size() <= 5 ? std::stoi(form.port) : 0;
    } catch (const std::exception&) {
        port = 0;
    }
    if (form.hostname.empty() || form.hostname.size() > 253 ||
        form.hostname.find_first_of(" /\\?#@") != std::string::npos)
        error = "Enter the server's hostname or IP address, without http:// or a path.";
    else if (port < 1 || port > 65535)
        error = "Enter a port between 1 and 65535.";
    else if (form.api_key.empty())
        error = "Enter the server's API key.";
    else if (!form.admin_username.empty() && form.admin_password.empty())
        error = "Enter the admin user's password too, or leave the admin username empty.";
    if (!error.empty()) {
        Chrome chrome = admin_chrome(panel, *session, "Servers", "/admin/servers");
        return send_html(ex.response, 400, render_page(chrome, list_page(panel, session->csrf, error, form)));
    }
    Server s;
    s.name = form.name;
    s.hostname = form.hostname;
    s.port = port;
    s.secure = form.secure;
    s.api_key = form.api_key;
    s.admin_username = form.admin_username;
    s.admin_password = form.admin_password;
    const long long id = panel.store.add_server(s);
    panel.admin_sessions.set_flash(session->id, {true, "Server " + s.name + " added. Test the connection next.", ""});
    redirect(ex.response, "/admin/servers/" + std::to_string(id));
}

}  // namespace

void add_server_routes(Router& router, Panel& panel)
{
    router.add("GET", "/admin/servers", [&panel](Exchange& ex) {
        auto session = admin_session(panel, ex);
        if (!session)
            return;
        Chrome chrome = admin_chrome(panel, *session, "Servers", "/admin/servers");
        send_html(ex.response, 200, render_page(chrome, list_page(panel, session->csrf, "", {})));
    });
    router.add("POST", "/admin/servers", [&panel](Exchange& ex) { add_server(panel, ex); });
    router.add("GET", "/admin/servers/([0-9]{1,18})", [&panel](Exchange& ex) { server_page(panel, ex); });
    router.add("POST", "/admin/servers/([0-9]{1,18})/test",
               [&panel](Exchange& ex) { server_hook(panel, ex, "test_connection", "Test connection"); });
    router.add("POST", "/admin/servers/([0-9]{1,18})/accounts",
               [&panel](Exchange& ex) { server_hook(panel, ex, "list_accounts", "List accounts"); });
}

}  // namespace panel
