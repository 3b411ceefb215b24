#include "faults.h"

#include "api_error.h"
#include "text_util.h"

namespace sim {

namespace {

int readInt(const JsonObject& body, const std::string& name, int fallback, int min, int max) {
    const auto value = optInt(body, name);
    if (!value) return fallback;
    if (*value < min || *value > max)
        throw badRequest("'" + name + "' must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
    return static_cast<int>(*value);
}

}  // namespace

FaultConfig FaultEngine::parse(const JsonObject& body) {
    FaultConfig config;
    config.latencyMs = readInt(body, "latency_ms", 0, 0, 600000);
    config.errorStatus = readInt(body, "error_status", 500, 100, 599);
    config.failNth = readInt(body, "fail_nth", 0, 0, 1000000000);
    config.failStatus = readInt(body, "fail_status", 500, 100, 599);
    config.resetNth = readInt(body, "reset_nth", 0, 0, 1000000000);
    config.slowBodyMs = readInt(body, "slow_body_ms", 0, 0, 600000);
    config.match = optString(body, "match").value_or("");
    config.errorRate = optNumber(body, "error_rate").value_or(0);
    if (config.errorRate < 0 || config.errorRate > 1) throw badRequest("'error_rate' must be between 0 and 1.");
    const auto seed = optInt(body, "seed");
    if (seed && *seed < 0) throw badRequest("'seed' must not be negative.");
    config.seed = seed ? static_cast<std::uint64_t>(*seed) : 1;
    return config;
}

void FaultEngine::configure(const FaultConfig& config) {
    config_ = config;
    matched_ = 0;
    rng_ = config.seed;
    failDone_ = false;
    resetDone_ = false;
}

// splitmix64: tiny, deterministic for a given seed.
double FaultEngine::nextRandom() {
    std::uint64_t z = (rng_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) / static_cast<double>(1ULL << 53);
}

FaultDecision FaultEngine::decide(const std::string& route) {
    FaultDecision decision;
    decision.latencyMs = config_.latencyMs;
    decision.slowBodyMs = config_.slowBodyMs;
    if (!icontains(route, config_.match)) return decision;
    ++matched_;
    if (!resetDone_ && config_.resetNth > 0 && matched_ == static_cast<std::uint64_t>(config_.resetNth)) {
        resetDone_ = true;
        decision.action = FaultDecision::Action::Reset;
    } else if (!failDone_ && config_.failNth > 0 && matched_ == static_cast<std::uint64_t>(config_.failNth)) {
        failDone_ = true;
        decision.action = FaultDecision::Action::Fail;
        decision.status = config_.failStatus;
    } else if (config_.errorRate > 0 && nextRandom() < config_.errorRate) {
        decision.action = FaultDecision::Action::Fail;
        decision.status = config_.errorStatus;
    }
    return decision;
}

JsonObject FaultEngine::toJson() const {
    JsonObject out = makeObject();
    out->set("latency_ms", config_.latencyMs);
    out->set("error_rate", config_.errorRate);
    out->set("error_status", config_.errorStatus);
    out->set("seed", static_cast<Poco::UInt64>(config_.seed));
    out->set("fail_nth", config_.failNth);
    out->set("fail_status", config_.failStatus);
    out->set("reset_nth", config_.resetNth);
    out->set("match", config_.match);
    out->set("slow_body_ms", config_.slowBodyMs);
    out->set("matched_so_far", static_cast<Poco::UInt64>(matched_));
    out->set("fail_pending", config_.failNth > 0 && !failDone_);
    out->set("reset_pending", config_.resetNth > 0 && !resetDone_);
    return out;
}

}  // namespace sim
