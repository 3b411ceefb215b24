// The simulated server as a whole: state, routes, request log and faults,
// all behind one mutex. The HTTP glue calls in here; nothing here knows Poco::Net.
#pragma once

#include "faults.h"
#include "http_types.h"
#include "options.h"
#include "request_log.h"
#include "router.h"
#include "seed.h"
#include "sim_state.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace sim {

class Simulator {
public:
    Simulator(const SimOptions& options, const SeedConfig& seed);

    void setBaseUrl(const std::string& url, int port);
    Flavor flavor() const { return options_.flavor; }

    static bool isControlPath(const std::string& path);

    // Non-control requests: admit (log + fault decision), handle, complete.
    // Holding and trickling happen between these calls, outside the mutex.
    struct Admission {
        std::uint64_t seq = 0;
        FaultDecision decision;
    };
    Admission admit(const SimRequest& request);
    // Runs the route and marks log entry `seq` as acted, under one lock.
    SimResponse handleApi(const SimRequest& request, std::uint64_t seq);
    void complete(std::uint64_t seq, int status, const SimResponse* response);

    // /__sim/... (control_api.cpp). Never logged, never faulted.
    SimResponse handleControl(const SimRequest& request);

private:
    SimResponse dispatch(const SimRequest& request);
    void recordActivity(const Caller& caller, bool filesSession);
    void resetToSeed();

    SimResponse controlState();
    SimResponse controlConfirmConnect(const JsonObject& body);
    SimResponse controlConnectReachability(const JsonObject& body);
    SimResponse controlPlaying(const JsonObject& body);
    SimResponse routeControl(const SimRequest& request, const std::string& what);

    std::mutex mutex_;
    SimOptions options_;
    SeedConfig seed_;
    std::unique_ptr<SimState> state_;
    Router router_;
    RequestLog log_;
    FaultEngine faults_;
};

// "/emby/Users/x" → "/Users/x" (Jellyfin also strips "/mediabrowser").
std::string stripServerPrefix(const std::string& path, const Dialect& dialect);

}  // namespace sim
