// The one exception route handlers throw: an HTTP status, the plain message
// Emby would put in its text/html error body, and where on a Jellyfin server
// the answer would come from, which decides its body there.
#pragma once

#include <stdexcept>
#include <string>

namespace sim {

enum class ErrorOrigin {
    Exception,      // ExceptionMiddleware: text/plain "Error processing request."
    Controller,     // StatusCode(n, "message") / NotFound("message"): the message as a JSON string
    Problem,        // a bare NotFound() and the like: JSON problem details
    Validation,     // model binding failed: JSON validation problem details
    Authorization,  // the authorization handler: no body
};

class ApiError : public std::runtime_error {
public:
    ApiError(int status, const std::string& message, ErrorOrigin origin = ErrorOrigin::Exception,
             std::string field = {})
        : std::runtime_error(message), status_(status), origin_(origin), field_(std::move(field)) {}
    int status() const { return status_; }
    ErrorOrigin origin() const { return origin_; }
    // For Validation: the parameter that failed to bind.
    const std::string& field() const { return field_; }

private:
    int status_;
    ErrorOrigin origin_;
    std::string field_;
};

inline ApiError badRequest(const std::string& message) { return ApiError(400, message); }
inline ApiError notFound(const std::string& message) { return ApiError(404, message); }
inline ApiError forbidden(const std::string& message) { return ApiError(403, message); }
inline ApiError unauthorized(const std::string& message) { return ApiError(401, message); }

}  // namespace sim
