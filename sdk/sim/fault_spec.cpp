#include "fault_spec.h"

#include "api_error.h"
#include "text_util.h"

#include <stdexcept>

namespace sim {

namespace {

std::invalid_argument specError(const std::string& option, const std::string& spec, const std::string& message) {
    return std::invalid_argument(option + " '" + spec + "': " + message);
}

// A value that reads fully as a number becomes a JSON number; anything else
// stays a string and the JSON parser then reports the wrong type.
Poco::Dynamic::Var specValue(const std::string& text) {
    if (!text.empty()) {
        std::size_t used = 0;
        try {
            const long long integer = std::stoll(text, &used);
            if (used == text.size()) return Poco::Dynamic::Var(static_cast<Poco::Int64>(integer));
        } catch (const std::exception&) {
        }
        try {
            const double number = std::stod(text, &used);
            if (used == text.size()) return Poco::Dynamic::Var(number);
        } catch (const std::exception&) {
        }
    }
    return Poco::Dynamic::Var(text);
}

// "reset_after:2/fail_before:1" → {"reset_after": 2, "fail_before": 1}
JsonObject weightsValue(const std::string& text) {
    JsonObject weights = makeObject();
    for (const auto& item : split(text, '/')) {
        const auto colon = item.find(':');
        if (colon == std::string::npos)
            throw std::invalid_argument("weights: expected KIND:WEIGHT items separated by '/', got '" + item + "'");
        weights->set(trim(item.substr(0, colon)), specValue(trim(item.substr(colon + 1))));
    }
    return weights;
}

// "k=v,k=v" into `into`; keys are lower-cased, a key already there is refused.
void addPairs(const std::string& text, JsonObject& into) {
    if (trim(text).empty()) return;
    for (const auto& item : split(text, ',')) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) throw std::invalid_argument("expected KEY=VALUE, got '" + item + "'");
        const std::string key = toLower(trim(item.substr(0, eq)));
        const std::string value = item.substr(eq + 1);
        if (key.empty()) throw std::invalid_argument("empty key in '" + item + "'");
        if (into->has(key)) throw std::invalid_argument("'" + key + "' given twice");
        // match is taken verbatim: a route like "POST /Users/New" has spaces.
        if (key == "match") into->set(key, value);
        else if (key == "weights") into->set(key, weightsValue(value));
        else into->set(key, specValue(trim(value)));
    }
}

// Runs the JSON parser and strips its "rules[0]: " / "mix: " prefix, which
// means nothing on a command line.
FaultConfig checked(const JsonObject& body, const std::string& option, const std::string& spec) {
    try {
        return FaultEngine::parse(body);
    } catch (const ApiError& e) {
        std::string message = e.what();
        for (const std::string prefix : {"rules[0]: ", "mix: "})
            if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
        throw specError(option, spec, message);
    }
}

}  // namespace

FaultConfig faultConfigFromSpecs(const std::vector<std::string>& ruleSpecs,
                                 const std::vector<std::string>& mixSpecs) {
    JsonArray rules = makeArray();
    for (const auto& spec : ruleSpecs) {
        const auto colon = spec.find(':');
        const std::string kind = trim(spec.substr(0, colon));
        if (kind.empty()) throw specError("--fault", spec, "expected KIND[:KEY=VALUE,...]");
        JsonObject rule = makeObject();
        rule->set("kind", kind);
        try {
            if (colon != std::string::npos) addPairs(spec.substr(colon + 1), rule);
        } catch (const std::invalid_argument& e) {
            throw specError("--fault", spec, e.what());
        }
        JsonObject one = makeObject();
        JsonArray single = makeArray();
        single->add(rule);
        one->set("rules", single);
        checked(one, "--fault", spec);  // each spec on its own, so the message names it
        rules->add(rule);
    }

    // There is one mix: repeated --fault-mix options add to it, later keys win.
    JsonObject mix;
    std::string mixText;
    for (const auto& spec : mixSpecs) {
        if (!mix) mix = makeObject();
        JsonObject pairs = makeObject();
        try {
            addPairs(spec, pairs);
        } catch (const std::invalid_argument& e) {
            throw specError("--fault-mix", spec, e.what());
        }
        for (const auto& entry : *pairs) mix->set(entry.first, entry.second);
        mixText += (mixText.empty() ? "" : " ") + spec;
    }

    JsonObject body = makeObject();
    body->set("rules", rules);
    if (mix) body->set("mix", mix);
    return checked(body, "--fault-mix", mixText);
}

}  // namespace sim
