#include "auth.h"

#include "api_error.h"
#include "sim_state.h"
#include "text_util.h"

#include <Poco/URI.h>

#include <map>

namespace sim {

namespace {

std::string stripQuotes(const std::string& value) {
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') return value.substr(1, value.size() - 2);
    return value;
}

// Emby 3.x: split on every comma, then at the first '='.
std::map<std::string, std::string> splitNaively(const std::string& params) {
    std::map<std::string, std::string> fields;
    for (const auto& piece : split(params, ',')) {
        auto eq = piece.find('=');
        if (eq == std::string::npos) continue;
        fields[toLower(trim(piece.substr(0, eq)))] = htmlEncode(stripQuotes(trim(piece.substr(eq + 1))));
    }
    return fields;
}

// Jellyfin: quoted values may contain commas; values are URL-decoded. Keys
// are matched exactly ("deviceid=" is not DeviceId), so they are kept as
// sent and looked up by their exact names.
std::map<std::string, std::string> splitQuoted(const std::string& params) {
    std::map<std::string, std::string> fields;
    std::string key, value;
    bool inKey = true, inQuotes = false;
    auto flush = [&]() {
        if (!trim(key).empty()) {
            std::string decoded;
            Poco::URI::decode(trim(value), decoded);
            fields[trim(key)] = decoded;
        }
        key.clear();
        value.clear();
        inKey = true;
    };
    for (char c : params) {
        if (inKey) {
            if (c == '=') inKey = false;
            else if (c == ',') flush();
            else key += c;
        } else if (c == '"') {
            inQuotes = !inQuotes;
        } else if (c == ',' && !inQuotes) {
            flush();
        } else {
            value += c;
        }
    }
    flush();
    return fields;
}

std::map<std::string, std::string> parseHeaderValue(const std::string& header, const Dialect& dialect) {
    const std::string text = trim(header);
    auto space = text.find(' ');
    if (space == std::string::npos) return {};
    const std::string scheme = text.substr(0, space);
    const bool known = iequals(scheme, "MediaBrowser") || (iequals(scheme, "Emby") && dialect.legacyAuthorization());
    if (!known) return {};
    const std::string params = text.substr(space + 1);
    return dialect.jellyfin() ? splitQuoted(params) : splitNaively(params);
}

std::string chooseHeader(const SimRequest& request, const Dialect& dialect) {
    if (!dialect.jellyfin()) {
        if (request.headers.has("X-Emby-Authorization")) return request.header("X-Emby-Authorization");
        return request.header("Authorization");
    }
    const std::string header = request.header("Authorization");
    if (!header.empty() || !dialect.legacyAuthorization()) return header;
    return request.header("X-Emby-Authorization");
}

std::string queryValue(const SimRequest& request, const std::string& name) {
    for (const auto& pair : request.query)
        if (iequals(pair.first, name)) return pair.second;
    return "";
}

// The lookup order: header Token=, X-Emby-Token, X-MediaBrowser-Token,
// then the query (Jellyfin: ApiKey before api_key). Without legacy
// authorization (Jellyfin 12) only Token= and ApiKey count.
std::string presentedToken(const SimRequest& request, const Dialect& dialect, const std::string& headerToken) {
    if (!headerToken.empty()) return headerToken;
    const bool legacy = dialect.legacyAuthorization();
    if (legacy)
        for (const char* name : {"X-Emby-Token", "X-MediaBrowser-Token"})
            if (!request.header(name).empty()) return request.header(name);
    if (!dialect.jellyfin()) return queryValue(request, "api_key");
    std::string token = queryValue(request, "ApiKey");
    if (token.empty() && legacy) token = queryValue(request, "api_key");
    return token;
}

}  // namespace

ClientInfo parseAuthorizationHeader(const SimRequest& request, const Dialect& dialect, std::string& token) {
    auto fields = parseHeaderValue(chooseHeader(request, dialect), dialect);
    const bool exact = dialect.jellyfin();
    auto field = [&](const char* name) { return fields[exact ? std::string(name) : toLower(name)]; };
    token = field("Token");
    return {field("Client"), field("Device"), field("DeviceId"), field("Version")};
}

Caller identifyCaller(const SimRequest& request, SimState& state, const std::string& apiKey, bool& rejected) {
    Caller caller;
    std::string headerToken;
    caller.info = parseAuthorizationHeader(request, state.dialect, headerToken);
    caller.token = presentedToken(request, state.dialect, headerToken);
    rejected = false;
    if (caller.token.empty()) return caller;
    if (caller.token == apiKey) {
        caller.kind = Caller::Kind::ApiKey;
        caller.isAdmin = true;
        return caller;
    }
    AccessToken* token = state.findToken(caller.token);
    User* user = token ? state.findUser(token->userId) : nullptr;
    if (!user || user->isDisabled()) {
        rejected = true;
        return caller;
    }
    caller.kind = Caller::Kind::User;
    caller.userId = user->id;
    caller.isAdmin = user->isAdmin();
    return caller;
}

void requireSelfOrAdmin(const Caller& caller, const std::string& userId) {
    if (caller.isAdmin) return;
    if (caller.kind == Caller::Kind::User && normalizeGuid(caller.userId) == normalizeGuid(userId)) return;
    throw forbidden("User does not have permission to modify this user.");
}

}  // namespace sim
