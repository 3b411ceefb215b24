#include "faults.h"

#include "text_util.h"

#include <algorithm>
#include <array>

namespace sim {

namespace {

struct KindName {
    FaultKind kind;
    const char* name;
};

const std::array<KindName, 7> kKindNames = {{
    {FaultKind::FailBefore, "fail_before"},
    {FaultKind::ResetBefore, "reset_before"},
    {FaultKind::ResetAfter, "reset_after"},
    {FaultKind::HoldBefore, "hold_before"},
    {FaultKind::HoldAfter, "hold_after"},
    {FaultKind::TrickleBody, "trickle_body"},
    {FaultKind::TrickleHeaders, "trickle_headers"},
}};

void applyParams(FaultKind kind, const FaultParams& params, FaultDecision& decision) {
    decision.kind = kind;
    decision.status = params.status;
    decision.holdMs = params.holdMs;
    decision.trickleMs = params.trickleMs;
}

void setParams(JsonObject& out, const FaultParams& params) {
    out->set("status", params.status);
    out->set("hold_ms", params.holdMs);
    out->set("trickle_ms", params.trickleMs);
}

}  // namespace

const char* faultKindName(FaultKind kind) {
    for (const auto& entry : kKindNames)
        if (entry.kind == kind) return entry.name;
    return "";
}

std::optional<FaultKind> faultKindFromName(const std::string& name) {
    for (const auto& entry : kKindNames)
        if (iequals(name, entry.name)) return entry.kind;
    return std::nullopt;
}

const std::vector<std::string>& faultKindNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& entry : kKindNames) out.push_back(entry.name);
        return out;
    }();
    return names;
}

bool faultRunsHandler(FaultKind kind) {
    switch (kind) {
    case FaultKind::FailBefore:
    case FaultKind::ResetBefore:
    case FaultKind::HoldBefore: return false;
    default: return true;
    }
}

double SplitMix64::next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) / static_cast<double>(1ULL << 53);
}

void FaultEngine::configure(const FaultConfig& config) {
    config_ = config;
    matched_ = 0;
    rng_ = SplitMix64(config.seed);
    failDone_ = false;
    resetDone_ = false;
    ruleStates_.assign(config.rules.size(), RuleState());
    mixState_ = MixState();
    mixRng_ = SplitMix64(config.mix ? config.mix->seed : 1);
}

// The original fields, evaluated exactly as before the rules existed so that
// their counters and random sequence do not depend on the rules.
void FaultEngine::decideLegacy(const std::string& route, FaultDecision& decision) {
    if (!icontains(route, config_.match)) return;
    ++matched_;
    if (!resetDone_ && config_.resetNth > 0 && matched_ == static_cast<std::uint64_t>(config_.resetNth)) {
        resetDone_ = true;
        decision.kind = FaultKind::ResetBefore;
    } else if (!failDone_ && config_.failNth > 0 && matched_ == static_cast<std::uint64_t>(config_.failNth)) {
        failDone_ = true;
        decision.kind = FaultKind::FailBefore;
        decision.status = config_.failStatus;
    } else if (config_.errorRate > 0 && rng_.next() < config_.errorRate) {
        decision.kind = FaultKind::FailBefore;
        decision.status = config_.errorStatus;
    }
}

// Every rule counts every request it matches, even one an earlier rule took,
// so `nth` always means "the Nth matching request since the set was posted".
// A rule whose turn came while another won stays pending for its next match.
bool FaultEngine::decideRules(const std::string& route, FaultDecision& decision) {
    bool fired = decision.kind != FaultKind::None;
    for (std::size_t i = 0; i < config_.rules.size(); ++i) {
        const FaultRule& rule = config_.rules[i];
        RuleState& state = ruleStates_[i];
        if (!icontains(route, rule.match)) continue;
        ++state.matched;
        const bool due = state.matched >= std::max<std::uint64_t>(rule.nth, 1);
        const bool left = !rule.times || state.fired < *rule.times;
        if (fired || !due || !left) continue;
        ++state.fired;
        applyParams(rule.kind, rule.params, decision);
        fired = true;
    }
    return fired;
}

// Two draws per matching request: whether it is faulted, then which kind.
void FaultEngine::decideMix(const std::string& route, FaultDecision& decision) {
    const FaultMix& mix = *config_.mix;
    if (!icontains(route, mix.match)) return;
    ++mixState_.matched;
    if (mix.rate <= 0 || mixRng_.next() >= mix.rate) return;
    double total = 0;
    for (const auto& weight : mix.weights) total += weight.second;
    double pick = mixRng_.next() * total;
    FaultKind kind = FaultKind::None;
    for (const auto& weight : mix.weights) {
        if (weight.second <= 0) continue;
        kind = weight.first;  // the last positive weight absorbs rounding at the top end
        if (pick < weight.second) break;
        pick -= weight.second;
    }
    if (kind == FaultKind::None) return;
    ++mixState_.fired;
    ++mixState_.firedByKind[kind];
    applyParams(kind, mix.params, decision);
}

FaultDecision FaultEngine::decide(const std::string& route) {
    FaultDecision decision;
    decision.latencyMs = config_.latencyMs;
    decision.slowBodyMs = config_.slowBodyMs;
    decideLegacy(route, decision);
    if (!decideRules(route, decision) && config_.mix) decideMix(route, decision);
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

    JsonArray rules = makeArray();
    for (std::size_t i = 0; i < config_.rules.size(); ++i) {
        const FaultRule& rule = config_.rules[i];
        const RuleState& state = ruleStates_[i];
        JsonObject item = makeObject();
        item->set("kind", std::string(faultKindName(rule.kind)));
        item->set("match", rule.match);
        item->set("nth", static_cast<Poco::UInt64>(rule.nth));
        item->set("times", rule.times ? Poco::Dynamic::Var(static_cast<Poco::UInt64>(*rule.times))
                                      : Poco::Dynamic::Var());
        setParams(item, rule.params);
        item->set("matched", static_cast<Poco::UInt64>(state.matched));
        item->set("fired", static_cast<Poco::UInt64>(state.fired));
        item->set("pending", !rule.times || state.fired < *rule.times);
        rules->add(item);
    }
    out->set("rules", rules);

    if (!config_.mix) {
        out->set("mix", Poco::Dynamic::Var());
        return out;
    }
    const FaultMix& mix = *config_.mix;
    JsonObject mixJson = makeObject();
    mixJson->set("rate", mix.rate);
    JsonObject weights = makeObject();
    for (const auto& weight : mix.weights) weights->set(faultKindName(weight.first), weight.second);
    mixJson->set("weights", weights);
    mixJson->set("seed", static_cast<Poco::UInt64>(mix.seed));
    mixJson->set("match", mix.match);
    setParams(mixJson, mix.params);
    mixJson->set("matched", static_cast<Poco::UInt64>(mixState_.matched));
    mixJson->set("fired", static_cast<Poco::UInt64>(mixState_.fired));
    JsonObject byKind = makeObject();
    for (const auto& weight : mix.weights) {
        const auto it = mixState_.firedByKind.find(weight.first);
        byKind->set(faultKindName(weight.first),
                    static_cast<Poco::UInt64>(it == mixState_.firedByKind.end() ? 0 : it->second));
    }
    mixJson->set("fired_by_kind", byKind);
    out->set("mix", mixJson);
    return out;
}

}  // namespace sim
