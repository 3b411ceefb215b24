#include "http_types.h"

#include "json_util.h"

namespace sim {

SimResponse jsonResponse(const Poco::Dynamic::Var& value, int status) {
    SimResponse response;
    response.status = status;
    response.contentType = "application/json; charset=utf-8";
    response.body = toJsonText(value);
    return response;
}

SimResponse noContent() {
    SimResponse response;
    response.status = 204;
    return response;
}

SimResponse errorResponse(int status, const std::string& message, Flavor flavor) {
    SimResponse response;
    response.status = status;
    std::string headerSafe;
    for (char c : message) headerSafe += (c == '\r' || c == '\n') ? ' ' : c;
    response.headers.emplace_back("X-Sim-Error", headerSafe);
    if (flavor == Flavor::Emby) {
        response.contentType = "text/html";
        response.body = message;
    } else if (status != 401) {
        response.contentType = "text/plain";
        response.body = "Error processing request.";
    }
    return response;
}

}  // namespace sim
