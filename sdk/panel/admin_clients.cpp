// Admin: clients (the customers). Each has a language, which the module
// uses for the client area, and a password for signing in to /client; the
// panel stores only a salted hash of it.
#include "credentials.hpp"
#include "html.hpp"
#include "pages.hpp"

namespace panel {

namespace {

using html::esc;

struct ClientForm {
    std::string name, email, language = "english";
};

std::string language_label(const std::string& code)
{
    for (const auto& [value, label] : client_languages())
        if (value == code)
            return label;
    return code;
}

void list_page(Panel& panel, Exchange& ex, const Session& session, int status, const std::string& error,
               const ClientForm& form)
{
    std::string body = "<h1>Clients</h1>";
    const auto clients = panel.store.clients();
    if (clients.empty()) {
        body += "<p id=\"clients-empty\">No client yet.</p>";
    } else {
        body += "<table id=\"clients-table\" data-test=\"clients-table\"><caption class=\"muted\">Clients"
                "</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">E-mail (client-area login)"
                "</th><th scope=\"col\">Language</th><th scope=\"col\">Services</th></tr></thead><tbody>";
        for (const auto& c : clients)
            body += "<tr data-test=\"client-row\" data-client-id=\"" + std::to_string(c.id) + "\"><td>" +
                    esc(c.name) + "</td><td>" + esc(c.email) + "</td><td>" + esc(language_label(c.language)) +
                    "</td><td>" + std::to_string(panel.store.services_of(c.id).size()) + "</td></tr>";
        body += "</tbody></table>";
    }
    html::Options languages(client_languages().begin(), client_languages().end());
    body += "<section class=\"card\" aria-labelledby=\"client-add-title\"><h2 id=\"client-add-title\">Add a "
            "client</h2>";
    if (!error.empty())
        body += error_notice("client-add-error", error);
    body += html::post_form(
                "client-add-form", "/admin/clients", session.csrf,
                html::input({"client-name", "name", "Name", form.name, "text", "", true, "off"}) +
                    html::input({"client-email", "email", "E-mail", form.email, "email",
                                 "The client signs in to the client area with it", true, "off"}) +
                    html::select("client-language", "language", "Language", languages, form.language,
                                 "The client area is shown in this language", true) +
                    html::input({"client-password", "password", "Client-area password", "", "password",
                                 "At least 8 characters", true, "new-password"}) +
                    html::submit("client-add-submit", "Add client")) +
            "</section>";
    send_html(ex.response, status, render_page(admin_chrome(panel, session, "Clients", "/admin/clients"), body));
}

void add_client(Panel& panel, Exchange& ex)
{
    auto session = admin_session(panel, ex);
    if (!session)
        return;
    ClientForm form{ex.field("name"), ex.field("email"), ex.field("language")};
    const std::string password = ex.raw_field("password");
    bool known_language = false;
    for (const auto& [value, label] : client_languages())
        known_language = known_language || value == form.language;
    std::string error;
    const auto at = form.email.find('@');
    if (form.name.empty() || form.name.size() > 200)
        error = "Enter the client's name (up to 200 characters).";
    else if (at == std::string::npos || at == 0 || at + 1 == form.email.size() || form.email.size() > 254 ||
             form.email.find_first_of(" <>\"") != std::string::npos)
        error = "Enter a valid e-mail address.";
    else if (!known_language)
        error = "Choose one of the listed languages.";
    else if (password.size() < 8 || password.size() > 200)
        error = "The client-area password needs at least 8 characters.";
    Client client;
    if (error.empty()) {
        client.name = form.name;
        client.email = form.email;
        client.language = form.language;
        client.password_hash = hash_password(password);
        client.id = panel.store.add_client(client);
        if (client.id == 0)
            error = "A client with this e-mail address exists already.";
    }
    if (!error.empty())
        return list_page(panel, ex, *session, 400, error, form);
    panel.admin_sessions.set_flash(session->id, {true, "Client " + client.name + " added.", ""});
    redirect(ex.response, "/admin/clients");
}

}  // namespace

void add_client_routes(Router& router, Panel& panel)
{
    router.add("GET", "/admin/clients", [&panel](Exchange& ex) {
        auto session = admin_session(panel, ex);
        if (session)
            list_page(panel, ex, *session, 200, "", {});
    });
    router.add("POST", "/admin/clients", [&panel](Exchange& ex) { add_client(panel, ex); });
}

}  // namespace panel
