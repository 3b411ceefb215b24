// The seed: what the simulated server holds at start and after /__sim/reset.
#pragma once

#include "ids.h"

#include <string>
#include <vector>

namespace sim {

struct SeedLibrary {
    std::string name;
    std::string collectionType;
};

struct SeedUser {
    std::string id;  // optional; derived from the name when empty
    std::string name;
    std::string password;
    bool admin = false;
    bool disabled = false;
    bool hidden = false;
};

struct SeedConnectAccount {
    std::string name;
    std::string email;
    bool active = true;
    bool pending = false;  // linking answers IsPending=true until confirmed
};

struct SeedConfig {
    std::string serverName = "Emby Sim";
    std::string serverId;  // 32-hex
    std::string version;
    std::vector<SeedLibrary> libraries;
    std::vector<SeedUser> users;
    std::vector<SeedConnectAccount> connect;
    bool connectUnreachable = false;
};

// The defaults used when no seed file is given.
SeedConfig defaultSeed(Flavor flavor);
// Reads a seed file; missing keys keep the defaults. Throws std::runtime_error
// with a readable message on a bad file.
SeedConfig loadSeed(const std::string& path, Flavor flavor);

}  // namespace sim
