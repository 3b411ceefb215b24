// The client area: a customer signs in with e-mail and password, sees their
// services, and on a service page gets the module's own page
// (embyprov_client_area) inside the panel's frame, as WHMCS shows a module's
// client area. The module's forms post back to the same URL; the panel
// turns the fields into request_json (docs/CLIENT-AREA.md) and adds nothing.
// Sign-in attempts are throttled per address and per e-mail address
// (throttle.hpp).
#include <Poco/JSON/Array.h>

#include "credentials.hpp"
#include "html.hpp"
#include "module_params.hpp"
#include "pages.hpp"
#include "script_hashes.hpp"

namespace panel {

namespace {

using html::esc;

Chrome client_chrome(Panel& panel, const Session& session, const std::string& title, const std::string& active)
{
    Chrome chrome;
    chrome.title = title;
    chrome.area = Area::Client;
    chrome.active = active;
    chrome.csrf = session.csrf;
    if (auto client = panel.store.client(session.client_id))
        chrome.signed_in_as = client->name;
    chrome.flash = panel.client_sessions.take_flash(session.id);
    return chrome;
}

/// The signed-in client's session; otherwise answers (login redirect for a
/// GET, 403 for a POST) and returns nullopt.
std::optional<Session> client_session(Panel& panel, Exchange& ex)
{
    auto session = panel.client_sessions.find(ex.cookie(panel.client_sessions.cookie_name()));
    if (session && session->client_id != 0 && panel.store.client(session->client_id))
        return session;
    if (ex.is_post())
        send_error_page(ex.response, 403, "Signed out", "Your session has ended. Sign in again and repeat the action.");
    else
        redirect(ex.response, "/client/login");
    return std::nullopt;
}

void login_page(Exchange& ex, const Session& session, int status, const std::string& error, const std::string& email)
{
    Chrome chrome;
    chrome.title = "Client sign-in";
    chrome.area = Area::Client;
    std::string body = "<h1>Client area sign-in</h1>";
    if (!error.empty())
        body += error_notice("login-error", error);
    body += "<section class=\"card\">" +
            html::post_form("client-login-form", "/client/login", session.csrf,
                            html::input({"client-login-email", "email", "E-mail", email, "email", "", true, "username"}) +
                                html::input({"client-login-password", "password", "Password", "", "password", "",
                                             true, "current-password"}) +
                                html::submit("client-login-submit", "Sign in")) +
            "</section>";
    send_html(ex.response, status, render_page(chrome, body));
}

void login(Panel& panel, Exchange& ex)
{
    auto& sessions = panel.client_sessions;
    auto session = sessions.find(ex.cookie(sessions.cookie_name()));
    const std::string email = ex.field("email");
    if (!session || !same_secret(ex.raw_field("csrf_token"), session->csrf)) {
        auto fresh = sessions.create(ex.response);
        return login_page(ex, fresh, 403, "The sign-in form had expired. Please enter your details again.", email);
    }
    // Before the password is looked at: a refused guess is not checked.
    auto attempt = panel.client_logins.begin(ex.client_address(), email);
    if (const int wait = attempt.refused_for(); wait > 0) {
        ex.response.set("Retry-After", std::to_string(wait));
        return login_page(ex, *session, 429, LoginThrottle::refusal_text(wait), email);
    }
    auto client = panel.store.client_by_email(email);
    // Hash even for an unknown address, so timing does not reveal which addresses exist.
    static const std::string dummy = hash_password("not-a-real-password");
    const bool ok = verify_password(ex.raw_field("password"), client ? client->password_hash : dummy) && client;
    if (!ok)
        return login_page(ex, *session, 401, "The e-mail address or password is wrong.", email);
    attempt.succeeded();
    sessions.sign_in(session->id, false, client->id, ex.response);
    redirect(ex.response, "/client");
}

void services_page(Panel& panel, Exchange& ex)
{
    auto session = client_session(panel, ex);
    if (!session)
        return;
    std::string body = "<h1>My services</h1>";
    const auto services = panel.store.services_of(session->client_id);
    if (services.empty()) {
        body += "<p id=\"client-services-empty\">You have no services yet.</p>";
    } else {
        body += "<table id=\"client-services-table\" data-test=\"client-services-table\"><caption class=\"muted\">"
                "Your services</caption><thead><tr><th scope=\"col\">Product</th><th scope=\"col\">Username</th>"
                "<th scope=\"col\">Status</th><th scope=\"col\">Manage</th></tr></thead><tbody>";
        for (const auto& s : services) {
            auto product = panel.store.product(s.product_id);
            const std::string id = std::to_string(s.id);
            const std::string name = product ? product->name : "Service";
            body += "<tr data-test=\"client-service-row\" data-service-id=\"" + id + "\"><td>" + esc(name) +
                    "</td><td>" + esc(s.username) + "</td><td>" + html::status_badge(s.status) + "</td><td>" +
                    html::link("/client/service/" + id, "Manage " + name + " (#" + id + ")", "client-service-link-" + id) +
                    "</td></tr>";
        }
        body += "</tbody></table>";
    }
    send_html(ex.response, 200, render_page(client_chrome(panel, *session, "My services", "/client"), body));
}

/// The posted (or, for GET links, queried) fields as request_json: flat
/// strings, and "name[]" fields (checkbox lists) as an array under "name".
Poco::JSON::Object::Ptr request_from_form(const Exchange& ex)
{
    Poco::JSON::Object::Ptr req = new Poco::JSON::Object;
    for (const auto& [name, value] : ex.form) {
        if (name.size() > 2 && name.compare(name.size() - 2, 2, "[]") == 0) {
            const std::string key = name.substr(0, name.size() - 2);
            Poco::JSON::Array::Ptr list = req->has(key) ? req->getArray(key) : nullptr;
            if (!list) {
                list = new Poco::JSON::Array;
                req->set(key, list);
            }
            list->add(value);
        } else {
            req->set(name, value);
        }
    }
    return req;
}

std::string unavailable_notice(const HookResult& r)
{
    const std::string message = r.message();
    return "<div id=\"client-area-error\" data-test=\"client-area-error\" data-code=\"" + std::to_string(r.code) +
           "\" class=\"notice error\" role=\"alert\"><strong>This page is not available right now.</strong>"
           "<p id=\"client-area-error-text\">" +
           esc(message.empty() ? "The module did not answer." : message) +
           "</p><p class=\"muted\">Please try again later or contact support.</p></div>";
}

void service_page(Panel& panel, Exchange& ex)
{
    auto session = client_session(panel, ex);
    if (!session)
        return;
    auto bundle = load_bundle(panel.store, capture_id(ex));
    // Someone else's service looks exactly like a missing one.
    if (!bundle || bundle->client.id != session->client_id)
        return send_error_page(ex.response, 404, "Not found", "There is no such service in your account.");
    const std::string id = std::to_string(bundle->service.id);
    const std::string url = "/client/service/" + id;

    Poco::JSON::Object::Ptr params = service_params(*bundle);
    Poco::JSON::Object::Ptr area = new Poco::JSON::Object;
    area->set("form_action", url);
    area->set("csrf_token", session->csrf);
    params->set("client_area", area);
    Poco::JSON::Object::Ptr request;
    if (ex.is_post() || ex.form.has("action"))
        request = request_from_form(ex);
    const HookResult r = panel.module.call("client_area", *params, request.get());

    const std::string new_password = r.text("update_service_password");
    if (!new_password.empty())
        panel.store.set_service_password(bundle->service.id, new_password);

    const std::string html_part = r.text("html");
    std::string body =
        "<nav aria-label=\"Breadcrumb\"><p>" + html::link("/client", "My services", "breadcrumb-services") +
        " &rsaquo; <span aria-current=\"page\">" + esc(bundle->product.name) +
        "</span></p></nav><section id=\"service-chrome\" data-test=\"service-chrome\" data-service-id=\"" + id +
        "\" class=\"card\"><h1 id=\"service-title\">" + esc(bundle->product.name) +
        "</h1><dl class=\"fields\"><dt>Status</dt><dd id=\"service-status\">" +
        html::status_badge(bundle->service.status) + "</dd><dt>Service</dt><dd>#" + id + "</dd></dl></section>";
    if (html_part.empty()) {
        body += unavailable_notice(r);
    } else {
        // The module's own markup: its templates escape every value (see
        // docs/CLIENT-AREA.md); the CSP lets only its own script blocks run.
        body += "<section id=\"client-area\" data-test=\"client-area\" data-result=\"" +
                std::string(r.ok() ? "success" : "error") + "\" data-template=\"" + esc(r.text("template")) +
                "\" class=\"client-area\" aria-label=\"Manage your account\">" + html_part + "</section>";
    }
    send_html(ex.response, 200, render_page(client_chrome(panel, *session, bundle->product.name, "/client"), body),
              inline_script_hashes(html_part));
}

}  // namespace

void add_client_area_routes(Router& router, Panel& panel)
{
    router.add("GET", "/client/login", [&panel](Exchange& ex) {
        auto session = panel.client_sessions.find(ex.cookie(panel.client_sessions.cookie_name()));
        if (session && session->client_id != 0)
            return redirect(ex.response, "/client");
        if (!session)
            session = panel.client_sessions.create(ex.response);
        login_page(ex, *session, 200, "", "");
    });
    router.add("POST", "/client/login", [&panel](Exchange& ex) { login(panel, ex); });
    router.add("POST", "/client/logout", [&panel](Exchange& ex) {
        auto session = client_session(panel, ex);
        if (!session)
            return;
        if (!same_secret(ex.raw_field("csrf_token"), session->csrf))
            return send_error_page(ex.response, 403, "Form refused",
                                   "The form did not carry this session's security token. Reload the page and try again.");
        panel.client_sessions.remove(session->id, ex.response);
        redirect(ex.response, "/client/login");
    });
    router.add("GET", "/client/?", [&panel](Exchange& ex) { services_page(panel, ex); });
    router.add("GET", "/client/service/([0-9]{1,18})", [&panel](Exchange& ex) { service_page(panel, ex); });
    router.add("POST", "/client/service/([0-9]{1,18})", [&panel](Exchange& ex) { service_page(panel, ex); });
}

}  // namespace panel
