#include "emby_client.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <Poco/URI.h>

namespace embyprov {

namespace {

constexpr std::size_t kLoggedBodyMax = 64 * 1024;

/// The readable part of an error body: servers send short text or HTML.
/// The server's error text for a message: masked first, so that neither
/// dropping markup nor cutting it short can leave a piece of a secret.
std::string error_text(const HttpResponse& r, const SecretSet& secrets)
{
    std::string out;
    bool in_tag = false;
    for (char c : mask_all(secrets, r.body)) {
        if (c == '<') in_tag = true;
        else if (c == '>') in_tag = false;
        else if (!in_tag) out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
    }
    auto not_space = [](unsigned char c) { return !std::isspace(c); };
    out.erase(out.begin(), std::find_if(out.begin(), out.end(), not_space));
    out.erase(std::find_if(out.rbegin(), out.rend(), not_space).base(), out.end());
    if (out.size() > 300)
        out = out.substr(0, 300) + "...";
    return out;
}

embyprov_error code_for_status(int status)
{
    switch (status) {
    case 401:
    case 403: return EMBYPROV_EAUTH;
    case 404: return EMBYPROV_ENOTFOUND;
    case 409: return EMBYPROV_EEXISTS;
    default: return EMBYPROV_EREMOTE;
    }
}

std::string json_text(const std::string& s)
{
    return json::stringify(Poco::Dynamic::Var(s));
}

}  // namespace

std::string url_encode(const std::string& value)
{
    std::string out;
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", out);
    return out;
}

/// "", "." and "..": a server would resolve them as a path step
/// (/Users/../Policy), so no user has such an id.
bool is_path_step(const std::string& id)
{
    return id.empty() || id == "." || id == "..";
}

/// An id as exactly one path segment: percent-encoded (a '/' cannot split
/// it), and never a path step.
std::string id_segment(const std::string& id)
{
    if (is_path_step(id))
        throw Error(EMBYPROV_EINVALID, "'" + id + "' is not a user id");
    return url_encode(id);
}

EmbyClient::EmbyClient(HttpClient& http, CallLog& log, ServerCache& cache, ServerParams server,
                       Identity identity, Watchdog::Clock::time_point not_after,
                       std::optional<Flavour> forced_flavour, std::function<void()> before_write)
    : http_(http), log_(log), cache_(cache), server_(std::move(server)),
      identity_(std::move(identity)), not_after_(not_after), flavour_(forced_flavour),
      before_write_(std::move(before_write))
{
    log_.secrets().add(server_.api_key);
    log_.secrets().add(server_.admin_password);
}

std::string EmbyClient::base()
{
    if (!server_.base_path.empty())
        return server_.base_path;
    return flavour() == Flavour::Jellyfin ? "" : "/emby";
}

Flavour EmbyClient::flavour()
{
    std::lock_guard<std::mutex> lock(flavour_mutex_);
    if (flavour_)
        return *flavour_;
    const std::string identity = server_identity(server_);
    flavour_ = cache_.flavour(identity);
    if (!flavour_) {
        // Jellyfin up to 10.11 strips a leading /emby, so this path works on
        // Emby and on those. Jellyfin 12 dropped that and answers 404: then
        // the path without a prefix, which every server serves.
        const std::string prefix = server_.base_path.empty() ? "/emby" : server_.base_path;
        HttpRequest req;
        req.method = "GET";
        req.target = prefix + "/System/Info/Public";
        HttpResponse r = send_logged(req);
        if (r.status == 404 && server_.base_path.empty()) {
            req.target = "/System/Info/Public";
            r = send_logged(req);
        }
        if (r.status / 100 != 2)
            throw RemoteError(code_for_status(r.status), r.status,
                              "the server's public info failed (HTTP " + std::to_string(r.status) + ")");
        auto v = json::parse_remote(r.body, "GET /System/Info/Public", read_limits());
        if (v.type() != typeid(json::ObjectPtr))
            throw Error(EMBYPROV_EREMOTE, "the server's public info is not an object");
        probed_ = PublicSystemInfo::from(*v.extract<json::ObjectPtr>());
        flavour_ = probed_->flavour;
        cache_.set_flavour(identity, *flavour_);
    }
    return *flavour_;
}

HttpResponse EmbyClient::send_logged(HttpRequest req)
{
    if (req.method != "GET" && before_write_)
        before_write_();
    req.not_after = not_after_;
    const std::string action = req.method + " " + req.target;
    std::string request_text = action;
    if (!req.body.empty())
        request_text += "\n" + req.body;
    try {
        HttpResponse r = http_.send(server_.endpoint, req);
        log_.exchange(action, request_text,
                      "HTTP " + std::to_string(r.status) + "\n" + r.body.substr(0, kLoggedBodyMax));
        return r;
    } catch (const Error& e) {
        log_.exchange(action, request_text, std::string("no answer: ") + e.what());
        throw;
    }
}

HttpResponse EmbyClient::request(const std::string& method, const std::string& path,
                                 const std::string& body, Auth auth, std::optional<bool> idempotent)
{
    HttpRequest req;
    req.method = method;
    req.idempotent = idempotent;
    req.target = base() + path;
    req.body = body;
    if (!body.empty())
        req.content_type = "application/json";
    req.headers.emplace_back("Accept", "application/json");

    std::string token;
    if (auth == Auth::AdminToken || (auth == Auth::Key && server_.api_key.empty()))
        token = admin_token();
    else if (auth == Auth::Key)
        token = server_.api_key;
    if (!token.empty()) {
        if (flavour() == Flavour::Jellyfin) {
            req.headers.emplace_back(
                "Authorization", "MediaBrowser Client=\"" + identity_.client + "\", Device=\"" +
                                     identity_.device + "\", DeviceId=\"" + identity_.device_id +
                                     "\", Version=\"" + identity_.version + "\", Token=\"" + token + "\"");
        } else {
            req.headers.emplace_back("X-Emby-Token", token);
        }
    }

    HttpResponse r = send_logged(req);
    if (r.status / 100 == 2)
        return r;
    std::string message = error_text(r, log_.secrets());
    const std::string what = method + " " + path;
    if (r.status == 401 || r.status == 403) {
        if (auth == Auth::AdminToken || server_.api_key.empty())
            cache_.forget_admin_token(admin_token_key());
        message = "the server refused the module's credentials for " + what + " (HTTP " +
                  std::to_string(r.status) + ")" + (message.empty() ? "" : ": " + message);
    } else {
        message = "the server answered HTTP " + std::to_string(r.status) + " to " + what +
                  (message.empty() ? "" : ": " + message);
    }
    throw RemoteError(code_for_status(r.status), r.status, mask_all(log_.secrets(), message));
}

json::ReadLimits EmbyClient::read_limits() const
{
    return json::ReadLimits::for_body(http_.options().max_body);
}

std::string EmbyClient::admin_token_key() const
{
    // A token belongs to the login that obtained it: other credentials for
    // the same server must sign in afresh (and fail if they are wrong).
    return server_.endpoint.key() + '\x1f' + server_.admin_user + '\x1f' + server_.admin_password;
}

std::string EmbyClient::admin_token()
{
    const std::string key = admin_token_key();
    std::string token = cache_.admin_token(key);
    if (!token.empty())
        return token;
    if (!server_.has_admin_login())
        throw Error(EMBYPROV_EAUTH, "the server needs an admin username and password for this call");
    HttpRequest req;
    req.method = "POST";
    req.target = base() + "/Users/AuthenticateByName";
    req.content_type = "application/json";
    req.body = "{\"Username\":" + json_text(server_.admin_user) + ",\"Pw\":" +
               json_text(server_.admin_password) + "}";
    const std::string header = "Client=\"" + identity_.client + "\", Device=\"" + identity_.device +
                               "\", DeviceId=\"" + identity_.device_id + "\", Version=\"" +
                               identity_.version + "\"";
    req.headers.emplace_back(flavour() == Flavour::Jellyfin ? "Authorization" : "X-Emby-Authorization",
                             (flavour() == Flavour::Jellyfin ? "MediaBrowser " : "Emby ") + header);
    HttpResponse r = send_logged(req);
    if (r.status / 100 != 2)
        throw RemoteError(EMBYPROV_EAUTH, r.status,
                          "the server refused the admin username and password (HTTP " +
                              std::to_string(r.status) + ")");
    auto v = json::parse_remote(r.body, "AuthenticateByName", read_limits());
    if (v.type() == typeid(json::ObjectPtr))
        token = json::remote_text(*v.extract<json::ObjectPtr>(), "AccessToken");
    if (token.empty())
        throw Error(EMBYPROV_EREMOTE, "the server's sign-in answer had no access token");
    log_.secrets().add(token);
    cache_.set_admin_token(key, token);
    return token;
}

HttpResponse EmbyClient::request_as_admin(const std::string& method, const std::string& path,
                                          const std::string& body)
{
    try {
        return request(method, path, body, Auth::Key, true);
    } catch (const RemoteError& e) {
        const bool gap = e.status() == 500 || e.status() == 401 || e.status() == 403;
        if (!gap || !server_.has_admin_login() || server_.api_key.empty())
            throw;
    }
    return request(method, path, body, Auth::AdminToken, true);
}

PublicSystemInfo EmbyClient::public_info()
{
    flavour();  // on a fresh context the probe reads exactly this: no second request
    {
        std::lock_guard<std::mutex> lock(flavour_mutex_);
        if (probed_)
            return *probed_;
    }
    HttpResponse r = request("GET", "/System/Info/Public", {}, Auth::None);
    auto v = json::parse_remote(r.body, "GET /System/Info/Public", read_limits());
    if (v.type() != typeid(json::ObjectPtr))
        throw Error(EMBYPROV_EREMOTE, "the server's public info is not an object");
    return PublicSystemInfo::from(*v.extract<json::ObjectPtr>());
}

json::ObjectPtr EmbyClient::system_info()
{
    HttpResponse r = request("GET", "/System/Info");
    auto v = json::parse_remote(r.body, "GET /System/Info", read_limits());
    if (v.type() != typeid(json::ObjectPtr))
        throw Error(EMBYPROV_EREMOTE, "the server's system info is not an object");
    return v.extract<json::ObjectPtr>();
}

UserDto EmbyClient::create_user(const std::string& name)
{
    HttpResponse r = request("POST", "/Users/New", "{\"Name\":" + json_text(name) + "}", Auth::Key, false);
    auto v = json::parse_remote(r.body, "POST /Users/New", read_limits());
    if (v.type() != typeid(json::ObjectPtr))
        throw Error(EMBYPROV_EREMOTE, "the server's answer to creating a user is not a user");
    return UserDto::from(*v.extract<json::ObjectPtr>());
}

void EmbyClient::rename_user(const UserDto& user, const std::string& new_name)
{
    // The body is a whole UserDto; Emby applies its Name and Configuration,
    // Jellyfin likewise. Sending back what was read keeps the rest as it is.
    json::Object dto;
    dto.set("Id", user.id);
    dto.set("Name", new_name);
    if (user.configuration)
        dto.set("Configuration", user.configuration);
    std::ostringstream body;
    dto.stringify(body);
    try {
        request_as_admin("POST", "/Users/" + id_segment(user.id), body.str());
    } catch (const RemoteError& e) {
        if (e.status() != 400)
            throw;
        if (auto holder = find_user_by_name(new_name); holder && holder->id != user.id)
            throw Error(EMBYPROV_EEXISTS, "the username '" + new_name + "' is already taken on the media server");
        throw;
    }
}

std::optional<UserDto> EmbyClient::find_user_by_exact_name(const std::string& name)
{
    std::optional<UserDto> found;
    for_each_user([&](const json::Object& item) {
        if (!found && json::remote_text(item, "Name") == name)
            found = UserDto::from(item);
    });
    return found;
}

bool EmbyClient::cannot_name_a_user(const std::string& id)
{
    // Jellyfin binds user ids as Guids and answers 400, not 404, for anything
    // else; no user can have such an id, so there is nothing to ask.
    if (is_path_step(id))
        return true;
    return flavour() == Flavour::Jellyfin && !is_guid_text(id);
}

std::optional<UserDto> EmbyClient::find_user(const std::string& id)
{
    if (cannot_name_a_user(id))
        return std::nullopt;
    try {
        HttpResponse r = request("GET", "/Users/" + id_segment(id));
        auto v = json::parse_remote(r.body, "GET /Users/{Id}", read_limits());
        if (v.type() != typeid(json::ObjectPtr))
            throw Error(EMBYPROV_EREMOTE, "the server's answer for a user is not a user");
        return UserDto::from(*v.extract<json::ObjectPtr>());
    } catch (const RemoteError& e) {
        if (e.status() == 404)
            return std::nullopt;
        throw;
    }
}

void EmbyClient::for_each_user(const std::function<void(const json::Object&)>& fn)
{
    HttpResponse r;
    if (flavour() == Flavour::Jellyfin) {
        r = request("GET", "/Users");
    } else {
        try {
            r = request("GET", "/Users/Query");
        } catch (const RemoteError& e) {
            if (e.status() != 404)  // servers before 4.7 only have the legacy route
                throw;
            r = request("GET", "/Users");
        }
    }
    json::for_each_remote_item(r.body, "the user list", read_limits(), fn);
}

std::vector<UserDto> EmbyClient::list_users()
{
    std::vector<UserDto> users;
    for_each_user([&](const json::Object& item) {
        UserDto u = UserDto::from(item);
        // What a list needs of each user; the rest of its tree goes now.
        u.policy = nullptr;
        u.configuration = nullptr;
        users.push_back(std::move(u));
    });
    return users;
}

std::optional<UserDto> EmbyClient::find_user_by_name(const std::string& name)
{
    std::optional<UserDto> found;
    for_each_user([&](const json::Object& item) {
        if (!found && same_user_name(json::remote_text(item, "Name"), name))
            found = UserDto::from(item);
    });
    return found;
}

void EmbyClient::set_policy(const std::string& user_id, const json::Object& policy)
{
    std::ostringstream body;
    policy.stringify(body);
    request("POST", "/Users/" + id_segment(user_id) + "/Policy", body.str(), Auth::Key, true);
}

void EmbyClient::set_password(const std::string& user_id, const std::string& password,
                              bool currently_blank)
{
    log_.secrets().add(password);
    const std::string path = "/Users/" + id_segment(user_id) + "/Password";
    const std::string id = json_text(user_id);
    const std::string pw = json_text(password);
    if (currently_blank) {
        request_as_admin("POST", path, "{\"Id\":" + id + ",\"CurrentPw\":\"\",\"NewPw\":" + pw + "}");
        return;
    }
    // Emby 4.8 and Jellyfin let an admin set a password outright. Older Emby
    // insists on the current one (400); there the portable recipe is reset
    // then set from blank (emby-api.md §4.8).
    try {
        request_as_admin("POST", path, "{\"Id\":" + id + ",\"NewPw\":" + pw + ",\"ResetPassword\":false}");
        return;
    } catch (const RemoteError& e) {
        if (e.status() != 400)
            throw;
    }
    reset_password(user_id);
    const std::string body = "{\"Id\":" + id + ",\"CurrentPw\":\"\",\"NewPw\":" + pw + "}";
    for (int attempt = 1;; ++attempt) {
        try {
            request_as_admin("POST", path, body);
            return;
        } catch (const Error& e) {
            if (attempt == 3)
                throw PasswordLeftBlank(e.code(), std::string("setting the new password failed "
                                                              "after the server cleared the old one: ") +
                                                      e.what());
        }
    }
}

void EmbyClient::reset_password(const std::string& user_id)
{
    request_as_admin("POST", "/Users/" + id_segment(user_id) + "/Password",
                     "{\"Id\":" + json_text(user_id) + ",\"ResetPassword\":true}");
}

bool EmbyClient::delete_user(const std::string& user_id)
{
    if (cannot_name_a_user(user_id))
        return false;
    try {
        request("DELETE", "/Users/" + id_segment(user_id));
        return true;
    } catch (const RemoteError& e) {
        if (e.status() == 404)
            return false;
        throw;
    }
}

std::vector<DeviceInfo> EmbyClient::list_devices()
{
    HttpResponse r = request("GET", "/Devices");
    std::vector<DeviceInfo> out;
    const bool encoded = flavour() == Flavour::Emby;
    json::for_each_remote_item(r.body, "the device list", read_limits(), [&](const json::Object& item) {
        DeviceInfo d = DeviceInfo::from(item);
        if (encoded)
            for (std::string* v : {&d.name, &d.app_name, &d.app_version})
                *v = decode_header_value(*v);
        out.push_back(std::move(d));
    });
    return out;
}

void EmbyClient::delete_device(const std::string& device_id)
{
    const char* key = flavour() == Flavour::Jellyfin ? "id" : "Id";
    try {
        request("DELETE", std::string("/Devices?") + key + "=" + url_encode(device_id));
    } catch (const RemoteError& e) {
        // Already gone: Jellyfin 10.11 answers 404, Jellyfin 12 400 ("a
        // requested device is invalid", the one id sent is unknown).
        const bool gone = e.status() == 404 || (e.status() == 400 && flavour() == Flavour::Jellyfin);
        if (!gone)
            throw;
    }
}

std::vector<SessionInfo> EmbyClient::list_sessions()
{
    HttpResponse r = request("GET", "/Sessions");
    std::vector<SessionInfo> out;
    const bool encoded = flavour() == Flavour::Emby;
    json::for_each_remote_item(r.body, "the session list", read_limits(), [&](const json::Object& item) {
        SessionInfo s = SessionInfo::from(item);
        if (encoded)
            for (std::string* v : {&s.device_name, &s.client, &s.application_version})
                *v = decode_header_value(*v);
        out.push_back(std::move(s));
    });
    return out;
}

std::vector<VirtualFolderInfo> EmbyClient::list_libraries()
{
    HttpResponse r;
    if (flavour() == Flavour::Jellyfin) {
        r = request("GET", "/Library/VirtualFolders");
    } else {
        try {
            r = request("GET", "/Library/VirtualFolders/Query");
        } catch (const RemoteError& e) {
            if (e.status() != 404)
                throw;
            r = request("GET", "/Library/VirtualFolders");
        }
    }
    std::vector<VirtualFolderInfo> out;
    json::for_each_remote_item(r.body, "the library list", read_limits(),
                               [&](const json::Object& item) { out.push_back(VirtualFolderInfo::from(item)); });
    return out;
}

std::vector<std::string> EmbyClient::user_view_names(const std::string& user_id)
{
    // The libraries the account may open: with those the customer hid from
    // their home screen (Jellyfin leaves them out unless includeHidden), and
    // without channels and Live TV.
    const std::string target =
        flavour() == Flavour::Jellyfin
            ? "/UserViews?userId=" + url_encode(user_id) + "&includeHidden=true&includeExternalContent=false"
            : "/Users/" + id_segment(user_id) + "/Views?IncludeExternalContent=false";
    HttpResponse r = request("GET", target);
    std::vector<std::string> out;
    json::for_each_remote_item(r.body, "the user's views", read_limits(),
                               [&](const json::Object& item) { out.push_back(json::remote_text(item, "Name")); });
    return out;
}

UserLinkResult EmbyClient::link_connect(const std::string& user_id, const std::string& connect_name)
{
    if (flavour() == Flavour::Jellyfin)
        throw Error(EMBYPROV_EUNSUPPORTED, "Jellyfin has no Emby Connect");
    HttpResponse r = request("POST", "/Users/" + id_segment(user_id) +
                                         "/Connect/Link?ConnectUsername=" + url_encode(connect_name));
    auto v = json::parse_remote(r.body, "the Connect link", read_limits());
    if (v.type() != typeid(json::ObjectPtr))
        return {};
    return UserLinkResult::from(*v.extract<json::ObjectPtr>());
}

void EmbyClient::unlink_connect(const std::string& user_id)
{
    if (flavour() == Flavour::Jellyfin)
        return;
    request("DELETE", "/Users/" + id_segment(user_id) + "/Connect/Link");
}

}  // namespace embyprov
