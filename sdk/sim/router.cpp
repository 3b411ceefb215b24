#include "router.h"

#include "api_error.h"
#include "text_util.h"

#include <Poco/URI.h>

namespace sim {

namespace {

std::vector<std::string> pathSegments(const std::string& path) {
    std::vector<std::string> segments;
    for (const auto& piece : split(path, '/'))
        if (!piece.empty()) segments.push_back(piece);
    return segments;
}

bool isPlaceholder(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Form posts (the Emby web client sends ConnectUsername that way).
std::optional<std::string> formField(const SimRequest& request, const std::string& name) {
    if (!icontains(request.contentType(), "application/x-www-form-urlencoded")) return std::nullopt;
    for (const auto& pair : split(request.body, '&')) {
        auto eq = pair.find('=');
        std::string key, value;
        std::string rawKey = pair.substr(0, eq);
        std::string rawValue = eq == std::string::npos ? "" : pair.substr(eq + 1);
        for (auto& c : rawKey) if (c == '+') c = ' ';
        for (auto& c : rawValue) if (c == '+') c = ' ';
        Poco::URI::decode(rawKey, key);
        Poco::URI::decode(rawValue, value);
        if (iequals(key, name)) return value;
    }
    return std::nullopt;
}

}  // namespace

RouteContext::RouteContext(const SimRequest& request_, std::map<std::string, std::string> params, Caller& caller_,
                           SimState& state_, const SimOptions& options_)
    : request(request_), caller(caller_), state(state_), options(options_), params_(std::move(params)) {}

std::string RouteContext::param(const std::string& name) const {
    auto it = params_.find(toLower(name));
    return it == params_.end() ? std::string() : it->second;
}

std::optional<std::string> RouteContext::query(const std::string& name) const {
    for (const auto& pair : request.query)
        if (iequals(pair.first, name)) return pair.second;
    return std::nullopt;
}

const JsonObject& RouteContext::body() {
    if (!body_) {
        const bool isForm = icontains(request.contentType(), "application/x-www-form-urlencoded");
        body_ = isForm ? makeObject() : parseObjectBody(request.body);
    }
    return body_;
}

std::optional<std::string> RouteContext::boundField(const std::string& name) {
    if (auto value = query(name)) return value;
    if (auto value = formField(request, name)) return value;
    return optString(body(), name);
}

void Router::add(const std::string& method, const std::string& pattern, Access access, RouteHandler handler,
                 bool filesCallerSession) {
    routes_.push_back({method, pathSegments(pattern), access, std::move(handler), filesCallerSession});
}

const Route* Router::match(const std::string& method, const std::string& path,
                           std::map<std::string, std::string>& params) const {
    const auto segments = pathSegments(path);
    for (const auto& route : routes_) {
        if (!iequals(route.method, method) || route.segments.size() != segments.size()) continue;
        std::map<std::string, std::string> captured;
        bool matched = true;
        for (std::size_t i = 0; i < segments.size() && matched; ++i) {
            const std::string& expected = route.segments[i];
            if (isPlaceholder(expected))
                captured[toLower(expected.substr(1, expected.size() - 2))] = segments[i];
            else
                matched = iequals(expected, segments[i]);
        }
        if (matched) {
            params = std::move(captured);
            return &route;
        }
    }
    return nullptr;
}

}  // namespace sim
