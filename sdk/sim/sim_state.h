// Everything the simulated server knows. Not thread-safe: the Simulator holds
// its mutex around every use.
#pragma once

#include "dialect.h"
#include "ids.h"
#include "seed.h"
#include "state_model.h"

#include <map>
#include <string>
#include <vector>

namespace sim {

struct ServerIdentity {
    std::string name;
    std::string id;
    std::string version;
    std::string localAddress;  // base URL, known once the socket is bound
    int port = 0;
};

class SimState {
public:
    SimState(const SeedConfig& seed, Flavor flavor);

    Flavor flavor;
    Dialect dialect;  // from the flavour and the server version
    ServerIdentity server;
    std::vector<Library> libraries;
    std::vector<User> users;
    std::vector<AccessToken> tokens;
    std::vector<Session> sessions;
    std::vector<SessionCommand> commands;
    std::vector<ConnectAccount> connectDirectory;
    bool connectUnreachable = false;

    // Users. Ids match case-insensitively, dashed or not; names
    // case-insensitively, Unicode letters included.
    User* findUser(const std::string& id);
    User* findUserByName(const std::string& name);
    User& addUser(const std::string& name, const std::string& password);
    void removeUser(const std::string& id);
    int adminCount() const;
    int enabledCount() const;
    const Library* findLibraryById(const std::string& id) const;

    // Tokens.
    AccessToken* findToken(const std::string& token);
    // Sign-in: Emby reissues the same token to the same user on the same
    // DeviceId and revokes other users' tokens there; Jellyfin mints a new
    // token, revokes that user's earlier tokens of the DeviceId and leaves
    // other users' tokens there valid.
    AccessToken& issueToken(const User& user, const ClientInfo& info);
    void revokeToken(const std::string& token);
    void revokeUserTokens(const std::string& userId, const std::string& keepToken);
    // A failed sign-in (or a wrong current password on Jellyfin) counts; on
    // Jellyfin 12 reaching LoginAttemptsBeforeLockout (-1: never) disables the user.
    void countFailedLogin(User& user);
    // Returns how many tokens were revoked.
    int revokeDeviceTokens(const std::string& deviceId);

    // Sessions and devices.
    Session& touchSession(const ClientInfo& info, const std::string& userId);
    Session* findSession(const std::string& id);
    std::int64_t deviceInternalId(const std::string& deviceId);

    // Connect directory, by name or e-mail, case-insensitive.
    const ConnectAccount* findConnectAccount(const std::string& nameOrEmail) const;

private:
    void endSessions(const std::string& deviceId, const std::string& userId);

    std::map<std::string, std::int64_t> deviceInternalIds_;
    std::int64_t nextDeviceInternalId_ = 1;
};

}  // namespace sim
