#include "server_params.hpp"

#include <cctype>

#include <Poco/URI.h>

#include "error.hpp"

namespace embyprov {

namespace {

bool valid_host(const std::string& host)
{
    if (host.empty() || host.size() > 253)
        return false;
    for (unsigned char c : host)
        if (!(std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']'))
            return false;
    return true;
}

}  // namespace

ServerParams ServerParams::from(const json::Object& params)
{
    ServerParams s;
    std::string host = json::get_text(params, "serverhostname").value_or("");
    if (host.empty())
        host = json::get_text(params, "serverip").value_or("");
    if (host.empty())
        throw_invalid("the server has no hostname or IP address (serverhostname / serverip)");

    s.endpoint.secure = json::get_flag(params, "serversecure", false);
    if (auto prefix = json::get_text(params, "serverhttpprefix"))
        s.endpoint.secure = s.endpoint.secure || *prefix == "https";
    long long port = json::get_count(params, "serverport", 0, 65535);

    if (host.find("://") != std::string::npos) {
        // Poco fills in 80/443 when the URL names no port; keep Emby's own
        // defaults (8096/8920) then.
        const std::size_t authority = host.find("://") + 3;
        const std::size_t colon = host.find(':', authority);
        const bool explicit_port = colon != std::string::npos && colon < host.find('/', authority);
        Poco::URI uri;
        try {
            uri = Poco::URI(host);
        } catch (const Poco::Exception&) {
            throw_invalid("the server address '" + host + "' is not a valid URL");
        }
        if (uri.getScheme() != "http" && uri.getScheme() != "https")
            throw_invalid("the server address must start with http:// or https://");
        // A panel that asked for TLS never gets plain HTTP from a URL.
        if (s.endpoint.secure && uri.getScheme() == "http")
            throw_invalid("the server is set to use TLS (serversecure), but its address '" + host +
                          "' starts with http://: write https:// or turn TLS off");
        s.endpoint.secure = uri.getScheme() == "https";
        host = uri.getHost();
        if (port == 0 && explicit_port)
            port = uri.getPort();
        s.base_path = uri.getPath();
        while (!s.base_path.empty() && s.base_path.back() == '/')
            s.base_path.pop_back();
    }
    if (!valid_host(host))
        throw_invalid("the server hostname '" + host + "' is not valid");
    s.endpoint.host = host;
    s.endpoint.port = static_cast<std::uint16_t>(port != 0 ? port : (s.endpoint.secure ? 8920 : 8096));

    s.api_key = json::get_text(params, "serveraccesshash").value_or("");
    s.admin_user = json::get_text(params, "serverusername").value_or("");
    s.admin_password = json::get_text(params, "serverpassword").value_or("");
    // Trim whitespace around the API key: panels store what was pasted.
    while (!s.api_key.empty() && std::isspace(static_cast<unsigned char>(s.api_key.back())))
        s.api_key.pop_back();
    while (!s.api_key.empty() && std::isspace(static_cast<unsigned char>(s.api_key.front())))
        s.api_key.erase(0, 1);
    if (s.api_key.empty() && !s.has_admin_login())
        throw_invalid("the server needs an API key (access hash) or an admin username and password");
    if (s.api_key.find_first_of(",\"\r\n") != std::string::npos)
        throw_invalid("the server API key contains characters an API key never has");
    return s;
}

}  // namespace embyprov
