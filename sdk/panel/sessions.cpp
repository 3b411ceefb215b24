#include "sessions.hpp"

#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "credentials.hpp"

namespace panel {

namespace {

// Idle sessions end after this long; the number of sessions is capped so
// that anonymous visits (each login page makes one) cannot fill memory.
constexpr std::chrono::hours kIdleLimit{8};
constexpr std::size_t kMaxSessions = 10000;

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
    auto it = sessions_.find(id);
    if (it == sessions_.end())
        return std::nullopt;
    const auto now = std::chrono::steady_clock::now();
    if (now - it->second.last_seen > kIdleLimit) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.last_seen = now;
    return it->second;
}

Session Sessions::create(Poco::Net::HTTPServerResponse& response)
{
    Session s;
    s.id = random_token(32);
    s.csrf = random_token(32);
    s.last_seen = std::chrono::steady_clock::now();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        prune();
        sessions_[s.id] = s;
    }
    set_cookie(response, cookie_name_, cookie_path_, s.id, -1);
    return s;
}

Session Sessions::replace(const std::string& old_id, Poco::Net::HTTPServerResponse& response)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        sessions_.erase(old_id);
    }
    return create(response);
}

void Sessions::save(const Session& s)
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = sessions_.find(s.id);
    if (it != sessions_.end()) {
        // Who is signed in only; the flash is managed by set/take_flash.
        it->second.admin = s.admin;
        it->second.client_id = s.client_id;
    }
}

void Sessions::remove(const std::string& id, Poco::Net::HTTPServerResponse& response)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        sessions_.erase(id);
    }
    set_cookie(response, cookie_name_, cookie_path_, "", 0);
}

void Sessions::set_flash(const std::string& id, Flash flash)
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = sessions_.find(id);
    if (it != sessions_.end())
        it->second.flash = std::move(flash);
}

std::optional<Flash> Sessions::take_flash(const std::string& id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end() || !it->second.flash)
        return std::nullopt;
    std::optional<Flash> out = std::move(it->second.flash);
    it->second.flash.reset();
    return out;
}

void Sessions::prune()
{
    const auto now = std::chrono::steady_clock::now();
    for (auto it = sessions_.begin(); it != sessions_.end();)
        it = now - it->second.last_seen > kIdleLimit ? sessions_.erase(it) : std::next(it);
    while (sessions_.size() >= kMaxSessions) {
        auto oldest = sessions_.begin();
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
            if (it->second.last_seen < oldest->second.last_seen)
                oldest = it;
        sessions_.erase(oldest);
    }
}

}  // namespace panel
