// POST /__sim/faults bodies → FaultConfig. The command line's --fault and
// --fault-mix specs are turned into the same JSON first (fault_spec.cpp), so
// both paths accept and refuse exactly the same things.
#include "faults.h"

#include "api_error.h"
#include "text_util.h"

#include <algorithm>
#include <limits>

namespace sim {

namespace {

constexpr int kMaxMs = 600000;
constexpr int kMaxCount = 1000000000;

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

// The original fields keep their original messages.
int readInt(const JsonObject& body, const std::string& name, int fallback, int min, int max) {
    const auto value = optInt(body, name);
    if (!value) return fallback;
    if (*value < min || *value > max)
        throw badRequest("'" + name + "' must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
    return static_cast<int>(*value);
}

// Reads from a rule or the mix; `where` ("rules[2]", "mix") prefixes every message.
class FieldReader {
public:
    FieldReader(JsonObject object, std::string where) : object_(std::move(object)), where_(std::move(where)) {}

    void allowOnly(const std::vector<std::string>& keys) const {
        for (const auto& entry : *object_) {
            const bool known = std::any_of(keys.begin(), keys.end(),
                                           [&](const std::string& key) { return iequals(key, entry.first); });
            if (!known)
                throw fail("unknown key '" + entry.first + "' (expected one of " + joined(keys) + ")");
        }
    }

    std::optional<std::int64_t> integer(const std::string& name, std::int64_t min, std::int64_t max) const {
        const auto value = wrap([&] { return optInt(object_, name); });
        if (!value) return std::nullopt;
        if (*value < 0 && min >= 0) throw fail("'" + name + "' must not be negative");
        if (*value < min || *value > max)
            throw fail("'" + name + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
        return value;
    }

    std::optional<double> number(const std::string& name, double min, double max) const {
        const auto value = wrap([&] { return optNumber(object_, name); });
        if (!value) return std::nullopt;
        if (*value < 0 && min >= 0) throw fail("'" + name + "' must not be negative");
        if (*value < min || *value > max)
            throw fail("'" + name + "' must be between " + trimmedNumber(min) + " and " + trimmedNumber(max));
        return value;
    }

    std::optional<std::string> string(const std::string& name) const {
        return wrap([&] { return optString(object_, name); });
    }

    ApiError fail(const std::string& message) const { return badRequest(where_ + ": " + message + "."); }

    FaultParams params() const {
        FaultParams params;
        params.status = static_cast<int>(integer("status", 100, 599).value_or(params.status));
        params.holdMs = static_cast<int>(integer("hold_ms", 0, kMaxMs).value_or(params.holdMs));
        params.trickleMs = static_cast<int>(integer("trickle_ms", 0, kMaxMs).value_or(params.trickleMs));
        return params;
    }

private:
    static std::string trimmedNumber(double value) {
        std::string text = std::to_string(value);
        while (text.size() > 1 && text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
        return text;
    }

    // json_util's type errors, with our prefix.
    template <typename Read>
    auto wrap(Read read) const -> decltype(read()) {
        try {
            return read();
        } catch (const ApiError& e) {
            std::string message = e.what();
            if (!message.empty() && message.back() == '.') message.pop_back();
            throw fail(message);
        }
    }

    JsonObject object_;
    std::string where_;
};

FaultKind readKind(const FieldReader& reader) {
    const auto name = reader.string("kind");
    if (!name) throw reader.fail("'kind' is required (one of " + joined(faultKindNames()) + ")");
    const auto kind = faultKindFromName(*name);
    if (!kind) throw reader.fail("unknown kind '" + *name + "' (expected one of " + joined(faultKindNames()) + ")");
    return *kind;
}

FaultRule parseRule(const Poco::Dynamic::Var& value, std::size_t index) {
    const std::string where = "rules[" + std::to_string(index) + "]";
    const JsonObject object = asObject(value);
    if (!object) throw badRequest(where + ": expected an object.");
    const FieldReader reader(object, where);
    reader.allowOnly({"kind", "match", "nth", "times", "status", "hold_ms", "trickle_ms"});
    FaultRule rule;
    rule.kind = readKind(reader);
    rule.match = reader.string("match").value_or("");
    rule.nth = static_cast<std::uint64_t>(reader.integer("nth", 0, kMaxCount).value_or(0));
    if (const auto times = reader.integer("times", 1, kMaxCount)) rule.times = static_cast<std::uint64_t>(*times);
    else if (rule.nth > 0) rule.times = 1;  // "the Nth request" means that one request
    rule.params = reader.params();
    return rule;
}

FaultMix parseMix(const JsonObject& object) {
    const FieldReader reader(object, "mix");
    reader.allowOnly({"rate", "weights", "seed", "match", "status", "hold_ms", "trickle_ms"});
    FaultMix mix;
    mix.rate = reader.number("rate", 0, 1).value_or(0);
    mix.seed = static_cast<std::uint64_t>(reader.integer("seed", 0, std::numeric_limits<std::int64_t>::max()).value_or(1));
    mix.match = reader.string("match").value_or("");
    mix.params = reader.params();

    JsonObject weights;
    if (const auto value = findField(object, "weights")) {
        weights = asObject(*value);
        if (!weights) throw reader.fail("'weights' must be an object mapping a kind to a number");
    }
    double total = 0;
    if (weights) {
        const FieldReader weightReader(weights, "mix.weights");
        weightReader.allowOnly(faultKindNames());
        // Canonical kind order, not the order written, so the same weights
        // always draw the same sequence.
        for (const auto& name : faultKindNames()) {
            const auto weight = weightReader.number(name, 0, 1e9);
            if (!weight) continue;
            mix.weights.emplace_back(*faultKindFromName(name), *weight);
            total += *weight;
        }
    }
    if (mix.rate > 0 && total <= 0) throw reader.fail("'weights' needs at least one kind with a positive weight");
    return mix;
}

}  // namespace

FaultConfig FaultEngine::parse(const JsonObject& body) {
    FaultConfig config;
    config.latencyMs = readInt(body, "latency_ms", 0, 0, kMaxMs);
    config.errorStatus = readInt(body, "error_status", 500, 100, 599);
    config.failNth = readInt(body, "fail_nth", 0, 0, kMaxCount);
    config.failStatus = readInt(body, "fail_status", 500, 100, 599);
    config.resetNth = readInt(body, "reset_nth", 0, 0, kMaxCount);
    config.slowBodyMs = readInt(body, "slow_body_ms", 0, 0, kMaxMs);
    config.match = optString(body, "match").value_or("");
    config.errorRate = optNumber(body, "error_rate").value_or(0);
    if (config.errorRate < 0 || config.errorRate > 1) throw badRequest("'error_rate' must be between 0 and 1.");
    const auto seed = optInt(body, "seed");
    if (seed && *seed < 0) throw badRequest("'seed' must not be negative.");
    config.seed = seed ? static_cast<std::uint64_t>(*seed) : 1;

    if (const auto rules = findField(body, "rules")) {
        const JsonArray array = asArray(*rules);
        if (!array) throw badRequest("'rules' must be an array of objects.");
        for (std::size_t i = 0; i < array->size(); ++i)
            config.rules.push_back(parseRule(array->get(static_cast<unsigned>(i)), i));
    }
    if (const auto mix = findField(body, "mix")) {
        const JsonObject object = asObject(*mix);
        if (!object) throw badRequest("'mix' must be an object.");
        config.mix = parseMix(object);
    }
    return config;
}

}  // namespace sim
