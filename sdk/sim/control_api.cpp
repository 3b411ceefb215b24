// /__sim/...: the test-only control API (no auth, never logged or faulted).
#include "simulator.h"

#include "api_error.h"
#include "text_util.h"

namespace sim {

namespace {

SimResponse controlError(int status, const std::string& message) {
    JsonObject body = makeObject();
    body->set("error", message);
    return jsonResponse(body, status);
}

JsonObject userSnapshot(const User& user, Flavor flavor) {
    JsonObject out = makeObject();
    out->set("id", user.id);
    out->set("name", user.name);
    out->set("password", user.password);
    out->set("password_set", !user.password.empty());
    out->set("disabled", user.isDisabled());
    out->set("admin", user.isAdmin());
    out->set("hidden", user.isHidden());
    out->set("created", isoDate(user.created, flavor));
    if (user.lastLogin) out->set("last_login", isoDate(*user.lastLogin, flavor));
    out->set("policy", user.policy.toJson());
    out->set("configuration", user.configuration.toJson());
    if (user.connect) {
        JsonObject link = makeObject();
        link->set("name", user.connect->connectName);
        link->set("pending", user.connect->pending);
        out->set("connect", link);
    } else {
        out->set("connect", Poco::Dynamic::Var());
    }
    return out;
}

JsonObject tokenSnapshot(const AccessToken& token) {
    JsonObject out = makeObject();
    out->set("token", token.token);
    out->set("user_id", token.userId);
    out->set("device_id", token.info.deviceId);
    out->set("device_name", token.info.device);
    out->set("client", token.info.client);
    out->set("version", token.info.version);
    return out;
}

JsonObject sessionSnapshot(const Session& session) {
    JsonObject out = makeObject();
    out->set("id", session.id);
    out->set("user_id", session.userId);
    out->set("device_id", session.info.deviceId);
    out->set("device_name", session.info.device);
    out->set("client", session.info.client);
    out->set("now_playing", session.nowPlaying ? Poco::Dynamic::Var(*session.nowPlaying) : Poco::Dynamic::Var());
    return out;
}

JsonObject librarySnapshot(const Library& library) {
    JsonObject out = makeObject();
    out->set("id", library.id);
    out->set("guid", library.guid);
    out->set("item_id", library.itemId);
    out->set("name", library.name);
    out->set("collection_type", library.collectionType);
    return out;
}

JsonObject commandSnapshot(const SessionCommand& command) {
    JsonObject out = makeObject();
    out->set("session_id", command.sessionId);
    out->set("device_id", command.deviceId);
    out->set("command", command.command);
    out->set("body", command.body);
    return out;
}

JsonObject connectAccountSnapshot(const ConnectAccount& account) {
    JsonObject out = makeObject();
    out->set("name", account.name);
    out->set("email", account.email);
    out->set("active", account.active);
    out->set("pending", account.pending);
    return out;
}

template <typename Item, typename Snapshot>
JsonArray snapshotAll(const std::vector<Item>& items, Snapshot snapshot) {
    JsonArray array = makeArray();
    for (const auto& item : items) array->add(snapshot(item));
    return array;
}

}  // namespace

SimResponse Simulator::controlState() {
    const SimState& state = *state_;
    JsonObject server = makeObject();
    server->set("name", state.server.name);
    server->set("id", state.server.id);
    server->set("version", state.server.version);
    server->set("base_url", state.server.localAddress);

    JsonObject out = makeObject();
    out->set("flavor", std::string(state.flavor == Flavor::Emby ? "emby" : "jellyfin"));
    out->set("server", server);
    out->set("users", snapshotAll(state.users, [&](const User& u) { return userSnapshot(u, state.flavor); }));
    out->set("tokens", snapshotAll(state.tokens, tokenSnapshot));
    out->set("sessions", snapshotAll(state.sessions, sessionSnapshot));
    out->set("session_commands", snapshotAll(state.commands, commandSnapshot));
    out->set("libraries", snapshotAll(state.libraries, librarySnapshot));
    out->set("connect_directory", snapshotAll(state.connectDirectory, connectAccountSnapshot));
    out->set("connect_unreachable", state.connectUnreachable);
    return jsonResponse(out);
}

SimResponse Simulator::controlConfirmConnect(const JsonObject& body) {
    User* user = state_->findUser(optString(body, "user_id").value_or(""));
    if (!user) return controlError(404, "no such user");
    if (!user->connect) return controlError(409, "user has no Connect link");
    user->connect->pending = false;
    return noContent();
}

SimResponse Simulator::controlConnectReachability(const JsonObject& body) {
    const auto unreachable = optBool(body, "unreachable");
    if (!unreachable) return controlError(400, "expected {\"unreachable\": true|false}");
    state_->connectUnreachable = *unreachable;
    return noContent();
}

SimResponse Simulator::controlPlaying(const JsonObject& body) {
    const std::string deviceId = optString(body, "device_id").value_or("");
    const auto itemName = optString(body, "item_name");
    int touched = 0;
    for (auto& session : state_->sessions) {
        if (session.info.deviceId != deviceId) continue;
        session.nowPlaying = itemName;
        ++touched;
    }
    if (touched == 0) return controlError(404, "no session for that device_id");
    return noContent();
}

// `what` is the path after "/__sim/", lower-cased.
SimResponse Simulator::routeControl(const SimRequest& request, const std::string& what) {
    const std::string& method = request.method;
    if (what == "requests" && method == "GET") return jsonResponse(log_.toJson());
    if (what == "requests" && method == "DELETE") {
        log_.clear();
        return noContent();
    }
    if (what == "faults" && method == "GET") return jsonResponse(faults_.toJson());
    if (what == "faults" && method == "DELETE") {
        faults_.clear();
        return noContent();
    }
    if (what == "faults" && method == "POST") {
        faults_.configure(FaultEngine::parse(parseObjectBody(request.body)));
        return jsonResponse(faults_.toJson());
    }
    if (what == "state" && method == "GET") return controlState();
    if (what == "reset" && method == "POST") {
        resetToSeed();
        return noContent();
    }
    if (what == "connect/confirm" && method == "POST") return controlConfirmConnect(parseObjectBody(request.body));
    if (what == "connect/unreachable" && method == "POST")
        return controlConnectReachability(parseObjectBody(request.body));
    if (what == "playing" && method == "POST") return controlPlaying(parseObjectBody(request.body));
    return controlError(404, "unknown control route " + method + " /__sim/" + what);
}

SimResponse Simulator::handleControl(const SimRequest& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string what = toLower(request.path.substr(std::string("/__sim").size()));
    while (!what.empty() && what.front() == '/') what.erase(0, 1);
    while (!what.empty() && what.back() == '/') what.pop_back();
    try {
        return routeControl(request, what);
    } catch (const ApiError& e) {
        return controlError(e.status(), e.what());
    } catch (const std::exception& e) {
        return controlError(500, e.what());
    }
}

}  // namespace sim
