// Browser sessions, kept in memory: a random id in an HttpOnly,
// SameSite=Strict cookie, a per-session CSRF token, who is signed in, and a
// one-shot flash message for the page after a redirect. The admin and the
// client area have separate stores and cookies (each scoped to its path), so
// one browser can be both at once, as when trying the demo.
//
// Anonymous sessions (a sign-in form's CSRF token) and signed-in ones are
// kept apart, each with its own cap: anyone can make anonymous sessions, so
// they only ever evict each other, and no number of them signs anyone out.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace Poco::Net {
class HTTPServerResponse;
}

namespace panel {

/// The outcome of an action, shown once on the next page.
struct Flash {
    bool ok = true;
    std::string text;         ///< plain text, escaped when shown
    std::string detail_html;  ///< extra markup the panel built with html::esc
};

struct Session {
    std::string id;
    std::string csrf;
    bool admin = false;        ///< admin store: signed in
    long long client_id = 0;   ///< client store: the signed-in client, 0 = none
    std::optional<Flash> flash;
    std::chrono::steady_clock::time_point last_seen;
};

class Sessions {
public:
    Sessions(std::string cookie_name, std::string cookie_path);

    const std::string& cookie_name() const { return cookie_name_; }

    /// The live session with this id (its idle clock restarts), if any.
    std::optional<Session> find(const std::string& id);

    /// A new anonymous session with fresh id and CSRF token; its cookie is
    /// set on `response`.
    Session create(Poco::Net::HTTPServerResponse& response);

    /// Ends session `old_id` and starts a signed-in one in its place, for
    /// the admin (`admin`) or a client (`client_id`), its cookie set on
    /// `response`. The id changes so that one known before sign-in is
    /// worthless after it.
    Session sign_in(const std::string& old_id, bool admin, long long client_id,
                    Poco::Net::HTTPServerResponse& response);

    /// Ends a session and tells the browser to drop the cookie.
    void remove(const std::string& id, Poco::Net::HTTPServerResponse& response);

    /// Puts a flash on the session / takes it off (shown once).
    void set_flash(const std::string& id, Flash flash);
    std::optional<Flash> take_flash(const std::string& id);

private:
    using Map = std::map<std::string, Session>;
    /// The session with this id in either map, or nullptr; a caller holds mutex_.
    Session* locate(const std::string& id);

    std::string cookie_name_, cookie_path_;
    std::mutex mutex_;
    Map anonymous_, signed_in_;
};

}  // namespace panel
