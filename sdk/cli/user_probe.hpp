// What an end customer's app does against the media server, for checking
// outcomes independently of the library: sign in, use a token.
#pragma once

#include <string>

namespace cli {

class UserProbe {
public:
    /// base_url: "http://host:port" (an "/emby" path is added when missing).
    explicit UserProbe(const std::string& base_url);

    /// POST /Users/AuthenticateByName from the given device. Returns the HTTP
    /// status; on 200 `token` receives the access token.
    int sign_in(const std::string& user, const std::string& password,
                const std::string& device_id, std::string& token);

    /// GET /System/Info with the token: 200 while it is valid.
    int token_status(const std::string& token);

private:
    int send(const std::string& method, const std::string& path, const std::string& body,
             const std::string& token, const std::string& device_id, std::string& response);

    std::string scheme_, host_, prefix_;
    unsigned short port_ = 0;
};

}  // namespace cli
