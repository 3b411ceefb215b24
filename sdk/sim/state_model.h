// Plain records the simulated server keeps.
#pragma once

#include "field_bag.h"

#include <Poco/Timestamp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sim {

struct Library {
    std::string id;      // numeric string ("3", "4", ...): the 4.x internal id
    std::string guid;    // 32-hex: what Emby 4.x EnabledFolders matches
    std::string itemId;  // Emby: same as id. Jellyfin: 32-hex (= guid), what EnabledFolders matches
    std::string name;
    std::string collectionType;
    std::string location;
    Poco::Timestamp created;
};

// An account in the fake Emby Connect directory.
struct ConnectAccount {
    std::string name;
    std::string email;
    bool active = true;
    bool pending = false;
};

struct ConnectLink {
    std::string connectName;  // the directory's name, even when linked by e-mail
    bool pending = false;
};

struct User {
    std::string id;  // 32-hex lower case
    std::string name;
    std::string password;  // plain text: this is a simulator
    FieldBag policy;
    FieldBag configuration;
    Poco::Timestamp created;
    std::optional<Poco::Timestamp> lastLogin;
    std::optional<Poco::Timestamp> lastActivity;
    std::optional<ConnectLink> connect;

    bool isAdmin() const { return policy.getBool("IsAdministrator"); }
    bool isDisabled() const { return policy.getBool("IsDisabled"); }
    bool isHidden() const { return policy.getBool("IsHidden"); }
};

// What a client says about itself in the authorization header.
struct ClientInfo {
    std::string client;
    std::string device;
    std::string deviceId;
    std::string version;
};

// A user access token (Emby keeps them per user and DeviceId).
struct AccessToken {
    std::string token;
    std::string userId;
    ClientInfo info;
    Poco::Timestamp created;
    Poco::Timestamp lastActivity;
};

// A live session: keyed by (Client, DeviceId), created by any request that
// carries Client, Device and DeviceId (even with the API key).
struct Session {
    std::string id;
    std::string userId;  // empty for API-key callers
    ClientInfo info;
    Poco::Timestamp lastActivity;
    std::optional<std::string> nowPlaying;  // set via /__sim/playing
};

// A remote-control command sent to a session; recorded, never acted on.
struct SessionCommand {
    std::string sessionId;
    std::string deviceId;
    std::string command;
    std::string body;
    Poco::Timestamp when;
};

}  // namespace sim
