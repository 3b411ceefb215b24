// The one exception route handlers throw: an HTTP status plus the plain
// message Emby would put in its text/html error body.
#pragma once

#include <stdexcept>
#include <string>

namespace sim {

class ApiError : public std::runtime_error {
public:
    ApiError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
    int status() const { return status_; }

private:
    int status_;
};

inline ApiError badRequest(const std::string& message) { return ApiError(400, message); }
inline ApiError notFound(const std::string& message) { return ApiError(404, message); }
inline ApiError forbidden(const std::string& message) { return ApiError(403, message); }
inline ApiError unauthorized(const std::string& message) { return ApiError(401, message); }

}  // namespace sim
