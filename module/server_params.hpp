// Where the media server is and how to authenticate, read from the WHMCS
// server parameters of a hook call.
#pragma once

#include <string>

#include "http_client.hpp"
#include "json_util.hpp"

namespace embyprov {

struct ServerParams {
    Endpoint endpoint;
    std::string base_path;   ///< path prefix from a URL-style hostname, "" normally
    std::string api_key;     ///< serveraccesshash
    std::string admin_user;  ///< serverusername (optional)
    std::string admin_password;

    /// Reads serverhostname (or serverip), serverport, serversecure,
    /// serveraccesshash, serverusername, serverpassword. A hostname may also
    /// be a URL ("https://emby.example.com:8920/emby"). Throws Error(EINVALID).
    static ServerParams from(const json::Object& params);

    bool has_admin_login() const { return !admin_user.empty() && !admin_password.empty(); }
};

}  // namespace embyprov
