// Admin sign-in and sign-out. The login form has its own CSRF token (bound
// to an anonymous session) so another site cannot sign a browser in; the
// session id changes at sign-in so a planted id is worthless.
#include "credentials.hpp"
#include "html.hpp"
#include "pages.hpp"

namespace panel {

namespace {

using html::esc;

void login_page(Exchange& ex, const Session& session, int status, const std::string& error,
                const std::string& username)
{
    Chrome chrome;
    chrome.title = "Admin sign-in";
    chrome.area = Area::Admin;
    std::string body = "<h1>Admin sign-in</h1>";
    if (!error.empty())
        body += error_notice("login-error", error);
    body += "<section class=\"card\">" +
            html::post_form("admin-login-form", "/admin/login", session.csrf,
                            html::input({"admin-login-username", "username", "Username", username, "text", "",
                                         true, "username"}) +
                                html::input({"admin-login-password", "password", "Password", "", "password", "",
                                             true, "current-password"}) +
                                html::submit("admin-login-submit", "Sign in")) +
            "</section>";
    send_html(ex.response, status, render_page(chrome, body));
}

}  // namespace

std::optional<Session> admin_session(Panel& panel, Exchange& ex)
{
    auto session = panel.admin_sessions.find(ex.cookie(panel.admin_sessions.cookie_name()));
    if (!session || !session->admin) {
        if (ex.is_post())
            send_error_page(ex.response, 403, "Signed out",
                            "Your admin session has ended. Sign in again and repeat the action.");
        else
            redirect(ex.response, "/admin/login");
        return std::nullopt;
    }
    if (ex.is_post() && !same_secret(ex.raw_field("csrf_token"), session->csrf)) {
        send_error_page(ex.response, 403, "Form refused",
                        "The form did not carry this session's security token. Reload the page and try again.");
        return std::nullopt;
    }
    return session;
}

Chrome admin_chrome(Panel& panel, const Session& session, const std::string& title,
                    const std::string& active)
{
    Chrome chrome;
    chrome.title = title;
    chrome.area = Area::Admin;
    chrome.active = active;
    chrome.csrf = session.csrf;
    chrome.signed_in_as = panel.options.admin_user;
    chrome.flash = panel.admin_sessions.take_flash(session.id);
    return chrome;
}

void add_admin_auth_routes(Router& router, Panel& panel)
{
    router.add("GET", "/admin/login", [&panel](Exchange& ex) {
        auto session = panel.admin_sessions.find(ex.cookie(panel.admin_sessions.cookie_name()));
        if (session && session->admin)
            return redirect(ex.response, "/admin");
        if (!session)
            session = panel.admin_sessions.create(ex.response);
        login_page(ex, *session, 200, "", "");
    });

    router.add("POST", "/admin/login", [&panel](Exchange& ex) {
        auto& sessions = panel.admin_sessions;
        auto session = sessions.find(ex.cookie(sessions.cookie_name()));
        const std::string username = ex.field("username");
        if (!session || !same_secret(ex.raw_field("csrf_token"), session->csrf)) {
            auto fresh = sessions.create(ex.response);
            return login_page(ex, fresh, 403,
                              "The sign-in form had expired. Please enter your details again.", username);
        }
        // Before the password is looked at: a refused guess is not checked.
        auto attempt = panel.admin_logins.begin(ex.client_address(), username);
        if (const int wait = attempt.refused_for(); wait > 0) {
            ex.response.set("Retry-After", std::to_string(wait));
            return login_page(ex, *session, 429, LoginThrottle::refusal_text(wait), username);
        }
        // Both checks always run, so timing does not tell which was wrong.
        const bool user_ok = same_secret(username, panel.options.admin_user);
        const bool pass_ok = verify_password(ex.raw_field("password"), panel.admin_password_hash);
        if (!(user_ok && pass_ok))
            return login_page(ex, *session, 401, "The username or password is wrong.", username);
        attempt.succeeded();
        sessions.sign_in(session->id, true, 0, ex.response);
        redirect(ex.response, "/admin");
    });

    router.add("POST", "/admin/logout", [&panel](Exchange& ex) {
        auto session = admin_session(panel, ex);
        if (!session)
            return;
        panel.admin_sessions.remove(session->id, ex.response);
        redirect(ex.response, "/admin/login");
    });
}

}  // namespace panel
