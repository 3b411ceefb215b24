#include "simulator.h"

#include "api_error.h"
#include "text_util.h"

namespace sim {

namespace {

const char* const kInvalidToken = "Access token is invalid or expired.";

bool hasPrefixSegment(const std::string& path, const std::string& prefix) {
    return istartsWith(path, prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

SimResponse unknownRoute(Flavor flavor) {
    if (flavor == Flavor::Jellyfin) {
        SimResponse response;
        response.status = 404;
        return response;
    }
    return errorResponse(404, "Unable to find the specified file.", flavor);
}

}  // namespace

std::string stripServerPrefix(const std::string& path, const Dialect& dialect) {
    if (!dialect.stripsLegacyPrefix()) return path;
    for (const std::string prefix : {"/emby", "/mediabrowser"}) {
        if (prefix == "/mediabrowser" && !dialect.jellyfin()) continue;
        if (hasPrefixSegment(path, prefix)) return path.size() == prefix.size() ? "/" : path.substr(prefix.size());
    }
    return path;
}

Simulator::Simulator(const SimOptions& options, const SeedConfig& seed)
    : options_(options), seed_(seed), state_(std::make_unique<SimState>(seed, options.flavor)),
      log_(options.logBodies, options.maxLogEntries) {
    faults_.configure(options_.startupFaults);
    const Flavor flavor = options.flavor;
    // Order matters: literal routes ("Users/New") before templates ("Users/{Id}").
    addSystemRoutes(router_, flavor);
    addAuthenticationRoutes(router_, flavor);
    addUserSettingsRoutes(router_, flavor);
    addPasswordRoutes(router_, flavor);
    addConnectRoutes(router_, flavor);
    addLibraryRoutes(router_, flavor);
    addDeviceRoutes(router_, flavor);
    addSessionRoutes(router_, flavor);
    addUserRoutes(router_, flavor);
}

void Simulator::setBaseUrl(const std::string& url, int port) {
    std::lock_guard<std::mutex> lock(mutex_);
    state_->server.localAddress = url;
    state_->server.port = port;
}

bool Simulator::isControlPath(const std::string& path) { return hasPrefixSegment(path, "/__sim"); }

Simulator::Admission Simulator::admit(const SimRequest& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    Admission admission;
    admission.decision = faults_.decide(request.method + " " + stripServerPrefix(request.path, state_->dialect));
    admission.seq = log_.begin(request, faultKindName(admission.decision.kind));
    return admission;
}

void Simulator::complete(std::uint64_t seq, int status, const SimResponse* response) {
    std::lock_guard<std::mutex> lock(mutex_);
    log_.finish(seq, status, response);
}

SimResponse Simulator::handleApi(const SimRequest& request, std::uint64_t seq) {
    std::lock_guard<std::mutex> lock(mutex_);
    log_.markActed(seq);
    try {
        SimResponse response = dispatch(request);
        if (options_.empty200 && response.status == 204) response.status = 200;
        return response;
    } catch (const ApiError& e) {
        return errorResponse(e, options_.flavor);
    } catch (const std::exception& e) {
        return errorResponse(500, e.what(), options_.flavor);
    }
}

SimResponse Simulator::dispatch(const SimRequest& request) {
    std::map<std::string, std::string> params;
    const Route* route = router_.match(request.method, stripServerPrefix(request.path, state_->dialect), params);
    if (!route) return unknownRoute(options_.flavor);

    bool rejected = false;
    Caller caller = identifyCaller(request, *state_, options_.apiKey, rejected);
    if (route->access != Access::Anonymous) {
        if (!caller.authenticated()) throw ApiError(401, kInvalidToken, ErrorOrigin::Authorization);
        if (route->access == Access::Admin && !caller.isAdmin)
            throw ApiError(403, "User does not have admin access.", ErrorOrigin::Authorization);
        recordActivity(caller, route->filesCallerSession || state_->dialect.everyRequestFilesSession());
    }
    RouteContext context(request, std::move(params), caller, *state_, options_);
    return route->handler(context);
}

// Side effects of an authenticated request: the token and user get a new
// last-activity time, the header's Device/Version overwrite the token's, and,
// when `filesSession`, a request naming Client+Device+DeviceId files a
// session (API key included).
void Simulator::recordActivity(const Caller& caller, bool filesSession) {
    Poco::Timestamp now;
    ClientInfo info = caller.info;
    if (caller.kind == Caller::Kind::User) {
        AccessToken* token = state_->findToken(caller.token);
        if (User* user = state_->findUser(caller.userId)) user->lastActivity = now;
        if (token) {
            token->lastActivity = now;
            if (!info.device.empty()) token->info.device = info.device;
            if (!info.version.empty()) token->info.version = info.version;
            if (!caller.hasFullClientInfo()) info = token->info;
        }
    }
    // Jellyfin names an API key's session after the key, and the server
    // stands in for the device fields the header leaves out.
    if (caller.kind == Caller::Kind::ApiKey && state_->dialect.jellyfin()) {
        const ServerIdentity& server = state_->server;
        info.client = options_.apiKeyName;
        if (info.deviceId.empty()) info.deviceId = server.id;
        if (info.device.empty()) info.device = server.name;
        if (info.version.empty()) info.version = server.version;
    }
    if (filesSession && !info.client.empty() && !info.device.empty() && !info.deviceId.empty())
        state_->touchSession(info, caller.userId);
}

void Simulator::resetToSeed() {
    const ServerIdentity previous = state_->server;
    state_ = std::make_unique<SimState>(seed_, options_.flavor);
    state_->server.localAddress = previous.localAddress;
    state_->server.port = previous.port;
    log_.clear();
    faults_.configure(options_.startupFaults);  // the command line's --fault set, counters restarted
}

}  // namespace sim
