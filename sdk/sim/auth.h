// Who is calling: token lookup and the X-Emby-Authorization header.
#pragma once

#include "dialect.h"
#include "http_types.h"
#include "state_model.h"

#include <string>

namespace sim {

class SimState;

struct Caller {
    enum class Kind { Anonymous, ApiKey, User };
    Kind kind = Kind::Anonymous;
    std::string token;   // the token presented (valid or not)
    std::string userId;  // for Kind::User
    bool isAdmin = false;
    ClientInfo info;     // Client/Device/DeviceId/Version from the header

    bool authenticated() const { return kind != Kind::Anonymous; }
    bool hasFullClientInfo() const {
        return !info.client.empty() && !info.device.empty() && !info.deviceId.empty();
    }
};

// Parses the authorization header the way the flavor does. Emby: reads
// X-Emby-Authorization, else Authorization; scheme Emby or MediaBrowser; splits
// on every comma (no quoting), strips quotes, HTML-encodes values. Jellyfin:
// reads Authorization first, honours quotes, URL-decodes values.
// `token` receives the Token= value.
ClientInfo parseAuthorizationHeader(const SimRequest& request, const Dialect& dialect, std::string& token);

// Identifies the caller. A token that is present but unknown, or belongs to a
// disabled user, leaves the caller anonymous and sets `rejected`.
Caller identifyCaller(const SimRequest& request, SimState& state, const std::string& apiKey, bool& rejected);

// Throws 403 unless the caller is that user or an admin (API key included).
void requireSelfOrAdmin(const Caller& caller, const std::string& userId);

}  // namespace sim
