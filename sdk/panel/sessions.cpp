#include "sessions.hpp"

#include <utility>

#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "credentials.hpp"

namespace panel {

namespace {

// Idle sessions end after this long. Each kind is capped so that memory
// stays bounded; past the cap the longest idle of that kind goes. Anonymous
// ones (each sign-in form makes one) have a small cap and a short life of
// their own, so creating them never evicts a signed-in session.
constexpr std::chrono::hours kSignedInIdle{8};
constexpr std::size_t kMaxSignedIn = 10000;
constexpr std::chrono::hours kAnonymousIdle{1};
constexpr std::size_t kMaxAnonymous = 1000;

/// A session with fresh id and CSRF token, seen now.
Session fresh()
{
    Session s;
    s.id = random_token(32);
    s.csrf = random_token(32);
    s.last_seen = std::chrono::steady_clock::now();
    return s;
}

/// Drops the sessions idle longer than `idle`, then the longest idle until
/// there is room for one more.
void prune(std::map<std::string, Session>& sessions, std::chrono::steady_clock::duration idle, std::size_t cap)
{
    const auto now = std::chrono::steady_clock::now();
    for (auto it = sessions.begin(); it != sessions.end();)
        it = now - it->second.last_seen > idle ? sessions.erase(it) : std::next(it);
    while (sessions.size() >= cap) {
        auto oldest = sessions.begin();
        for (auto it = sessions.begin(); it != sessions.end(); ++it)
            if (it->second.last_seen < oldest->second.last_seen)
                oldest = it;
        sessions.erase(oldest);
    }
}

void set_cookie(Poco::Net::HTTPServerResponse& response, const std::string& name,
                const std::string& path, const std::string& value, int max_age)
{
    Poco::Net::HTTPCookie cookie(name, value);
    cookie.setPath(path);
    cookie.setHttpOnly(true);
    cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_STRICT);
    if (max_age >= 0)
        cookie.setMaxAge(max_age);
    response.addCookie(cookie);
}

}  // namespace

Sessions::Sessions(std::string cookie_name, std::string cookie_path)
    : cookie_name_(std::move(cookie_name)), cookie_path_(std::move(cookie_path))
{
}

std::optional<Session> Sessions::find(const std::string& id)
{
    if (id.empty())
        return std::nullopt;
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    using Kind = std::pair<Map*, std::chrono::steady_clock::duration>;
    for (const auto& [map, idle] : {Kind{&signed_in_, kSignedInIdle}, Kind{&anonymous_, kAnonymousIdle}}) {
        auto it = map->find(id);
        if (it == map->end())
            continue;
        if (now - it->second.last_seen > idle) {
            map->erase(it);
            return std::nullopt;
        }
        it->second.last_seen = now;
        return it->second;
    }
    return std::nullopt;
}

Session Sessions::create(Poco::Net::HTTPServerResponse& response)
{
    Session s = fresh();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        prune(anonymous_, kAnonymousIdle, kMaxAnonymous);
        anonymous_[s.id] = s;
    }
    set_cookie(response, cookie_name_, cookie_path_, s.id, -1);
    return s;
}

Session Sessions::sign_in(const std::string& old_id, bool admin, long long client_id,
                          Poco::Net::HTTPServerResponse& response)
{
    Session s = fresh();
    s.admin = admin;
    s.client_id = client_id;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        anonymous_.erase(old_id);
        signed_in_.erase(old_id);
        prune(signed_in_, kSignedInIdle, kMaxSignedIn);
        signed_in_[s.id] = s;
    }
    set_cookie(response, cookie_name_, cookie_path_, s.id, -1);
    return s;
}

void Sessions::remove(const std::string& id, Poco::Net::HTTPServerResponse& response)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        anonymous_.erase(id);
        signed_in_.erase(id);
    }
    set_cookie(response, cookie_name_, cookie_path_, "", 0);
}

void Sessions::set_flash(const std::string& id, Flash flash)
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (Session* s = locate(id))
        s->flash = std::move(flash);
}

std::optional<Flash> Sessions::take_flash(const std::string& id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Session* s = locate(id);
    if (!s || !s->flash)
        return std::nullopt;
    std::optional<Flash> out = std::move(s->flash);
    s->flash.reset();
    return out;
}

Session* Sessions::locate(const std::string& id)
{
    for (Map* map : {&signed_in_, &anonymous_}) {
        auto it = map->find(id);
        if (it != map->end())
            return &it->second;
    }
    return nullptr;
}

}  // namespace panel
