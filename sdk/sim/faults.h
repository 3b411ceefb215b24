// Injected faults for tests: latency, random errors, one-shot failures and
// connection resets, slow bodies. Not thread-safe (Simulator's mutex).
#pragma once

#include "json_util.h"

#include <cstdint>
#include <string>

namespace sim {

struct FaultConfig {
    int latencyMs = 0;      // added to every non-control request
    double errorRate = 0;   // share of matching requests answered with errorStatus
    int errorStatus = 500;
    std::uint64_t seed = 1; // PRNG seed for errorRate, so runs repeat
    int failNth = 0;        // the Nth matching request from now answers failStatus (once)
    int failStatus = 500;
    int resetNth = 0;       // the Nth matching request from now gets its connection closed (once)
    std::string match;      // case-insensitive substring of "METHOD /path" (no /emby)
    int slowBodyMs = 0;     // spread every response body over this many ms
};

struct FaultDecision {
    enum class Action { None, Fail, Reset };
    Action action = Action::None;
    int status = 0;
    int latencyMs = 0;
    int slowBodyMs = 0;
};

class FaultEngine {
public:
    // Parses a POST /__sim/faults body; bad values → ApiError 400.
    static FaultConfig parse(const JsonObject& body);

    void configure(const FaultConfig& config);
    void clear() { configure(FaultConfig()); }
    // Called once per non-control request, in arrival order.
    // `route` is "METHOD /path" with any /emby prefix removed.
    FaultDecision decide(const std::string& route);
    JsonObject toJson() const;

private:
    double nextRandom();

    FaultConfig config_;
    std::uint64_t matched_ = 0;
    std::uint64_t rng_ = 1;
    bool failDone_ = false;
    bool resetDone_ = false;
};

}  // namespace sim
