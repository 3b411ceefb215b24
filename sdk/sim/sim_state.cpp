#include "sim_state.h"

#include "user_names.h"

#include "text_util.h"

#include <Poco/UTF8String.h>
#include "user_settings.h"

#include <algorithm>

namespace sim {

namespace {

Library makeLibrary(const SeedLibrary& seed, const std::string& serverId, int numericId, Flavor flavor) {
    Library library;
    library.id = std::to_string(numericId);
    library.guid = stableHex32("embyprov-sim/library/" + serverId + "/" + seed.name);
    library.itemId = flavor == Flavor::Emby ? library.id : library.guid;
    library.name = seed.name;
    library.collectionType = seed.collectionType;
    library.location = "/media/" + seed.name;
    return library;
}

bool sameId(const std::string& a, const std::string& b) {
    const std::string left = normalizeGuid(a);
    return !left.empty() ? left == normalizeGuid(b) : iequals(a, b);
}

}  // namespace

SimState::SimState(const SeedConfig& seed, Flavor flavor_)
    : flavor(flavor_), dialect(dialectFor(flavor_, seed.version)) {
    server.name = seed.serverName;
    server.id = seed.serverId;
    server.version = seed.version;
    // Numeric library ids start at 3, as on a fresh Emby 4.x (1 and 2 are root folders).
    int nextId = 3;
    for (const auto& lib : seed.libraries) libraries.push_back(makeLibrary(lib, server.id, nextId++, flavor));
    for (const auto& seedUser : seed.users) {
        User& user = addUser(seedUser.name, seedUser.password);
        user.id = seedUser.id.empty() ? stableHex32("embyprov-sim/user/" + server.id + "/" + toLower(seedUser.name))
                                      : seedUser.id;
        user.policy.setBool("IsAdministrator", seedUser.admin);
        user.policy.setBool("IsDisabled", seedUser.disabled);
        user.policy.setBool("IsHidden", seedUser.hidden);
    }
    for (const auto& account : seed.connect)
        connectDirectory.push_back({account.name, account.email, account.active, account.pending});
    connectUnreachable = seed.connectUnreachable;
}

User* SimState::findUser(const std::string& id) {
    auto it = std::find_if(users.begin(), users.end(), [&](const User& u) { return sameId(u.id, id); });
    return it == users.end() ? nullptr : &*it;
}

// Both servers compare names case-insensitively beyond ASCII ("Ü" is "ü";
// Jellyfin: ToUpperInvariant of both under a unique index).
User* SimState::findUserByName(const std::string& name) {
    auto it = std::find_if(users.begin(), users.end(),
                           [&](const User& u) { return sameUserName(u.name, name); });
    return it == users.end() ? nullptr : &*it;
}

User& SimState::addUser(const std::string& name, const std::string& password) {
    User user;
    user.id = randomHex32();
    user.name = name;
    user.password = password;
    user.policy = FieldBag(policyTable(flavor));
    user.configuration = FieldBag(configurationTable(flavor));
    users.push_back(user);
    return users.back();
}

void SimState::removeUser(const std::string& id) {
    User* user = findUser(id);
    if (!user) return;
    const std::string userId = user->id;
    revokeUserTokens(userId, "");
    sessions.erase(std::remove_if(sessions.begin(), sessions.end(),
                                  [&](const Session& s) { return s.userId == userId; }),
                   sessions.end());
    users.erase(std::remove_if(users.begin(), users.end(), [&](const User& u) { return u.id == userId; }),
                users.end());
}

int SimState::adminCount() const {
    return static_cast<int>(std::count_if(users.begin(), users.end(), [](const User& u) { return u.isAdmin(); }));
}

int SimState::enabledCount() const {
    return static_cast<int>(
        std::count_if(users.begin(), users.end(), [](const User& u) { return !u.isDisabled(); }));
}

const Library* SimState::findLibraryById(const std::string& id) const {
    auto it = std::find_if(libraries.begin(), libraries.end(), [&](const Library& l) {
        return l.id == id || sameId(l.guid, id) || l.itemId == id;
    });
    return it == libraries.end() ? nullptr : &*it;
}

AccessToken* SimState::findToken(const std::string& token) {
    auto it = std::find_if(tokens.begin(), tokens.end(), [&](const AccessToken& t) { return t.token == token; });
    return it == tokens.end() ? nullptr : &*it;
}

AccessToken& SimState::issueToken(const User& user, const ClientInfo& info) {
    deviceInternalId(info.deviceId);
    std::vector<std::string> stale;
    for (const auto& t : tokens) {
        const bool sameDevice = t.info.deviceId == info.deviceId;
        const bool sameUser = t.userId == user.id;
        // Emby keeps this user's token and drops other users'; Jellyfin
        // drops this user's old token and leaves other users' alone.
        const bool drop = flavor == Flavor::Emby ? !sameUser : sameUser;
        if (sameDevice && drop) stale.push_back(t.token);
    }
    for (const auto& token : stale) revokeToken(token);

    Poco::Timestamp now;
    auto existing = std::find_if(tokens.begin(), tokens.end(), [&](const AccessToken& t) {
        return t.userId == user.id && t.info.deviceId == info.deviceId;
    });
    if (existing != tokens.end()) {
        existing->info = info;
        existing->lastActivity = now;
        return *existing;
    }
    AccessToken token;
    token.token = randomHex32();
    token.userId = user.id;
    token.info = info;
    token.created = now;
    token.lastActivity = now;
    tokens.push_back(token);
    return tokens.back();
}

void SimState::revokeToken(const std::string& token) {
    auto it = std::find_if(tokens.begin(), tokens.end(), [&](const AccessToken& t) { return t.token == token; });
    if (it == tokens.end()) return;
    const std::string deviceId = it->info.deviceId;
    const std::string userId = it->userId;
    tokens.erase(it);
    endSessions(deviceId, userId);
}

void SimState::revokeUserTokens(const std::string& userId, const std::string& keepToken) {
    std::vector<std::string> doomed;
    for (const auto& t : tokens)
        if (t.userId == userId && t.token != keepToken) doomed.push_back(t.token);
    for (const auto& token : doomed) revokeToken(token);
}

int SimState::revokeDeviceTokens(const std::string& deviceId) {
    std::vector<std::string> doomed;
    for (const auto& t : tokens)
        if (t.info.deviceId == deviceId) doomed.push_back(t.token);
    for (const auto& token : doomed) revokeToken(token);
    return static_cast<int>(doomed.size());
}

// Emby ends the token's user's sessions on that device; Jellyfin ends every
// session on that DeviceId, whoever's it is.
void SimState::endSessions(const std::string& deviceId, const std::string& userId) {
    sessions.erase(std::remove_if(sessions.begin(), sessions.end(),
                                  [&](const Session& s) {
                                      if (flavor == Flavor::Jellyfin) return iequals(s.info.deviceId, deviceId);
                                      return s.info.deviceId == deviceId && s.userId == userId;
                                  }),
                   sessions.end());
}

Session& SimState::touchSession(const ClientInfo& info, const std::string& userId) {
    auto it = std::find_if(sessions.begin(), sessions.end(), [&](const Session& s) {
        return s.info.deviceId == info.deviceId && iequals(s.info.client, info.client);
    });
    if (it == sessions.end()) {
        Session session;
        session.id = randomHex32();
        sessions.push_back(session);
        it = sessions.end() - 1;
    }
    it->userId = userId;
    it->info = info;
    it->lastActivity = Poco::Timestamp();
    deviceInternalId(info.deviceId);
    return *it;
}

Session* SimState::findSession(const std::string& id) {
    // Jellyfin matches session ids ordinally, Emby case-insensitively.
    auto it = std::find_if(sessions.begin(), sessions.end(),
                           [&](const Session& s) { return dialect.jellyfin() ? s.id == id : iequals(s.id, id); });
    return it == sessions.end() ? nullptr : &*it;
}

std::int64_t SimState::deviceInternalId(const std::string& deviceId) {
    auto it = deviceInternalIds_.find(deviceId);
    if (it != deviceInternalIds_.end()) return it->second;
    const std::int64_t id = nextDeviceInternalId_++;
    deviceInternalIds_.emplace(deviceId, id);
    return id;
}

const ConnectAccount* SimState::findConnectAccount(const std::string& nameOrEmail) const {
    auto it = std::find_if(connectDirectory.begin(), connectDirectory.end(), [&](const ConnectAccount& a) {
        return iequals(a.name, nameOrEmail) || (!a.email.empty() && iequals(a.email, nameOrEmail));
    });
    return it == connectDirectory.end() ? nullptr : &*it;
}

void SimState::countFailedLogin(User& user) {
    const std::int64_t failures = user.policy.getInt("InvalidLoginAttemptCount") + 1;
    user.policy.setInt("InvalidLoginAttemptCount", failures);
    if (!dialect.lockoutDisables() || user.policy.isNull("LoginAttemptsBeforeLockout")) return;
    const std::int64_t limit = user.policy.getInt("LoginAttemptsBeforeLockout");
    if (limit != -1 && failures >= limit) user.policy.setBool("IsDisabled", true);
}

}  // namespace sim
