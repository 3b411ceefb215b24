#include "route_helpers.h"

#include "api_error.h"
#include "options.h"
#include "text_util.h"

#include <algorithm>
#include <cctype>

namespace sim {

User& requireUser(SimState& state, const std::string& id, ErrorOrigin notFoundOrigin) {
    // Jellyfin binds user ids as Guids: anything else, and the empty Guid,
    // is a 400 before any lookup.
    if (state.flavor == Flavor::Jellyfin) {
        const std::string guid = normalizeGuid(id);
        if (guid.empty())
            throw ApiError(400, "The value '" + id + "' is not valid.", ErrorOrigin::Validation, "userId");
        if (guid == std::string(32, '0')) throw badRequest("Guid can't be empty");
    }
    User* user = state.findUser(id);
    if (!user) throw ApiError(404, "User not found", notFoundOrigin);
    return *user;
}

void requireCanUpdate(const Caller& caller, const User& user, const std::string& message) {
    if (caller.isAdmin) return;
    const bool self = caller.kind == Caller::Kind::User && caller.userId == user.id;
    if (!self || !user.policy.getBool("EnableUserPreferenceAccess"))
        throw ApiError(403, message, ErrorOrigin::Controller);
}

void requireOwnIdOrAdmin(const Caller& caller, const std::string& userId) {
    if (caller.isAdmin || userId.empty()) return;
    if (normalizeGuid(userId) != normalizeGuid(caller.userId)) throw forbidden("Forbidden");
}

std::optional<bool> queryBool(const RouteContext& ctx, const std::string& name) {
    auto value = ctx.query(name);
    if (!value || value->empty()) return std::nullopt;
    if (iequals(*value, "true")) return true;
    if (iequals(*value, "false")) return false;
    throw badRequest("Invalid value for '" + name + "'.");
}

std::optional<std::size_t> queryCount(const RouteContext& ctx, const std::string& name) {
    auto value = ctx.query(name);
    if (!value || value->empty()) return std::nullopt;
    const bool digits = value->size() <= 9 &&
                        std::all_of(value->begin(), value->end(), [](unsigned char c) { return std::isdigit(c); });
    if (!digits) throw badRequest("Invalid value for '" + name + "'.");
    return static_cast<std::size_t>(std::stoul(*value));
}

PageRange pageRange(const RouteContext& ctx, std::size_t total) {
    const std::size_t first = std::min(queryCount(ctx, "StartIndex").value_or(0), total);
    const std::size_t limit = queryCount(ctx, "Limit").value_or(total);
    return {first, first + std::min(limit, total - first)};
}

void emulateApiKeyNullReference(const RouteContext& ctx) {
    if (ctx.options.apiKeyUserUpdate500 && ctx.caller.kind == Caller::Kind::ApiKey)
        throw ApiError(500, "Object reference not set to an instance of an object.");
}

}  // namespace sim
