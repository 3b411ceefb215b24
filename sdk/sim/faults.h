// Injected faults for tests. Two layers share one engine: the original fields
// (latency, random errors, one-shot failure and reset, slow bodies) and a rule
// list plus a seeded random mix, whose kinds may also strike after the
// handler acted (a lost, held or trickled answer). Not thread-safe
// (Simulator's mutex).
#pragma once

#include "json_util.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sim {

enum class FaultKind {
    None,
    FailBefore,      // answer `status` without running the handler
    ResetBefore,     // close the connection, handler not run
    ResetAfter,      // run the handler, then close without answering
    HoldBefore,      // hold the connection unanswered, handler not run, then close
    HoldAfter,       // run the handler, hold the answer back, then close without it
    TrickleBody,     // run the handler, send the body a few bytes at a time
    TrickleHeaders,  // run the handler, send status line and headers a few bytes at a time
};

// "fail_before", ...; "" for None.
const char* faultKindName(FaultKind kind);
std::optional<FaultKind> faultKindFromName(const std::string& name);
// Every kind's name, in the canonical order (also the mix's draw order).
const std::vector<std::string>& faultKindNames();
// Whether the real handler runs (and may change state) under this kind.
bool faultRunsHandler(FaultKind kind);

// Numbers a rule or the mix hands to the fault it applies.
struct FaultParams {
    int status = 500;      // fail_before
    int holdMs = 0;        // hold_*: 0 = until the client goes away (capped)
    int trickleMs = 1000;  // trickle_*: total time the trickled part takes
};

struct FaultRule {
    FaultKind kind = FaultKind::None;
    std::string match;                   // case-insensitive substring of the route; empty = all
    std::uint64_t nth = 0;               // first matching request it may fire on; 0 = the first
    std::optional<std::uint64_t> times;  // how often it fires; nullopt = unlimited
    FaultParams params;
};

struct FaultMix {
    double rate = 0;                                    // share of matching requests that get a fault
    std::vector<std::pair<FaultKind, double>> weights;  // relative odds of each kind, in given order
    std::uint64_t seed = 1;
    std::string match;
    FaultParams params;
};

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

    std::vector<FaultRule> rules;  // first rule that fires wins
    std::optional<FaultMix> mix;   // consulted when no rule fired
};

struct FaultDecision {
    FaultKind kind = FaultKind::None;
    int status = 0;
    int holdMs = 0;
    int trickleMs = 0;
    int latencyMs = 0;
    int slowBodyMs = 0;
};

// splitmix64: tiny, deterministic for a given seed.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed = 1) : state_(seed) {}
    double next();  // uniform in [0, 1)

private:
    std::uint64_t state_;
};

class FaultEngine {
public:
    // Parses a POST /__sim/faults body (fault_parse.cpp); bad values → ApiError 400.
    static FaultConfig parse(const JsonObject& body);

    void configure(const FaultConfig& config);
    void clear() { configure(FaultConfig()); }
    // Called once per non-control request, in arrival order.
    // `route` is "METHOD /path" with any /emby prefix removed.
    FaultDecision decide(const std::string& route);
    JsonObject toJson() const;

private:
    struct RuleState {
        std::uint64_t matched = 0;
        std::uint64_t fired = 0;
    };
    struct MixState {
        std::uint64_t matched = 0;
        std::uint64_t fired = 0;
        std::map<FaultKind, std::uint64_t> firedByKind;
    };

    void decideLegacy(const std::string& route, FaultDecision& decision);
    bool decideRules(const std::string& route, FaultDecision& decision);
    void decideMix(const std::string& route, FaultDecision& decision);

    FaultConfig config_;
    std::uint64_t matched_ = 0;
    SplitMix64 rng_;
    bool failDone_ = false;
    bool resetDone_ = false;
    std::vector<RuleState> ruleStates_;
    MixState mixState_;
    SplitMix64 mixRng_;
};

}  // namespace sim
