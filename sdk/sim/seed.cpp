#include "seed.h"

#include "json_util.h"
#include "text_util.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sim {

namespace {

const char* const kDefaultServerId = "6a1f0c2b9d8e4f7a8b3c5d6e7f901234";

std::string seedError(const std::string& what) { return "seed: " + what; }

std::string readString(const JsonObject& object, const std::string& key, const std::string& fallback) {
    if (!object->has(key) || object->get(key).isEmpty()) return fallback;
    Poco::Dynamic::Var value = object->get(key);
    if (!isJsonString(value)) throw std::runtime_error(seedError("'" + key + "' must be a string"));
    return value.extract<std::string>();
}

bool readBool(const JsonObject& object, const std::string& key, bool fallback) {
    if (!object->has(key) || object->get(key).isEmpty()) return fallback;
    Poco::Dynamic::Var value = object->get(key);
    if (!isJsonBool(value)) throw std::runtime_error(seedError("'" + key + "' must be true or false"));
    return value.extract<bool>();
}

// Calls `read` on each object of the array `key`, if the key is present.
template <typename ReadItem>
void forEachObject(const JsonObject& root, const std::string& key, ReadItem read) {
    if (!root->has(key) || root->get(key).isEmpty()) return;
    JsonArray array = asArray(root->get(key));
    if (!array) throw std::runtime_error(seedError("'" + key + "' must be an array"));
    for (std::size_t i = 0; i < array->size(); ++i) {
        JsonObject item = asObject(array->get(static_cast<unsigned>(i)));
        if (!item) throw std::runtime_error(seedError("'" + key + "' items must be objects"));
        read(item);
    }
}

void validate(const SeedConfig& seed) {
    if (!isHex32(seed.serverId)) throw std::runtime_error(seedError("server_id must be 32 hex digits"));
    if (seed.libraries.empty()) throw std::runtime_error(seedError("at least one library is needed"));
    for (const auto& library : seed.libraries)
        if (trim(library.name).empty()) throw std::runtime_error(seedError("library names must not be blank"));
    const bool hasAdmin = std::any_of(seed.users.begin(), seed.users.end(),
                                      [](const SeedUser& u) { return u.admin && !u.disabled; });
    if (!hasAdmin) throw std::runtime_error(seedError("at least one enabled admin user is needed"));
    for (std::size_t i = 0; i < seed.users.size(); ++i) {
        const SeedUser& user = seed.users[i];
        if (trim(user.name).empty()) throw std::runtime_error(seedError("user names must not be blank"));
        for (std::size_t j = 0; j < i; ++j)
            if (iequals(seed.users[j].name, user.name))
                throw std::runtime_error(seedError("duplicate user name '" + user.name + "'"));
        if (!user.id.empty() && !isHex32(user.id))
            throw std::runtime_error(seedError("user id must be 32 hex digits"));
    }
}

}  // namespace

SeedConfig defaultSeed(Flavor flavor) {
    SeedConfig seed;
    seed.serverId = kDefaultServerId;
    seed.version = flavor == Flavor::Emby ? "4.8.11.0" : "10.11.0";
    seed.libraries = {{"Movies", "movies"}, {"TV Shows", "tvshows"}, {"Music", "music"}, {"Kids", "movies"}};
    SeedUser admin;
    admin.name = "admin";
    admin.password = "admin";
    admin.admin = true;
    seed.users = {admin};
    seed.connect = {{"alice", "alice@example.com", true, false},
                    {"bob", "bob@example.com", true, true},
                    {"carol", "carol@example.com", false, false}};
    return seed;
}

SeedConfig loadSeed(const std::string& path, Flavor flavor) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(seedError("cannot read " + path));
    std::stringstream text;
    text << in.rdbuf();
    JsonObject root = parseObjectText(text.str(), seedError(path));

    SeedConfig seed = defaultSeed(flavor);
    seed.serverName = readString(root, "server_name", seed.serverName);
    seed.serverId = toLower(readString(root, "server_id", seed.serverId));
    seed.version = readString(root, "version", seed.version);
    seed.connectUnreachable = readBool(root, "connect_unreachable", false);
    if (root->has("libraries")) {
        seed.libraries.clear();
        forEachObject(root, "libraries", [&](const JsonObject& item) {
            seed.libraries.push_back({readString(item, "name", ""), readString(item, "collection_type", "")});
        });
    }
    if (root->has("users")) {
        seed.users.clear();
        forEachObject(root, "users", [&](const JsonObject& item) {
            SeedUser user;
            user.id = toLower(readString(item, "id", ""));
            user.name = readString(item, "name", "");
            user.password = readString(item, "password", "");
            user.admin = readBool(item, "admin", false);
            user.disabled = readBool(item, "disabled", false);
            user.hidden = readBool(item, "hidden", false);
            seed.users.push_back(user);
        });
    }
    if (root->has("connect")) {
        seed.connect.clear();
        forEachObject(root, "connect", [&](const JsonObject& item) {
            seed.connect.push_back({readString(item, "name", ""), readString(item, "email", ""),
                                    readBool(item, "active", true), readBool(item, "pending", false)});
        });
    }
    validate(seed);
    return seed;
}

}  // namespace sim
