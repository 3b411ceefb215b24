#include "http_types.h"

#include "json_util.h"

#include <atomic>
#include <cstdio>

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

namespace {

void addMessageHeader(SimResponse& response, const std::string& message) {
    std::string headerSafe;
    for (char c : message) headerSafe += (c == '\r' || c == '\n') ? ' ' : c;
    response.headers.emplace_back("X-Sim-Error", headerSafe);
}

}  // namespace

SimResponse errorResponse(int status, const std::string& message, Flavor flavor) {
    SimResponse response;
    response.status = status;
    addMessageHeader(response, message);
    if (flavor == Flavor::Emby) {
        response.contentType = "text/html";
        response.body = message;
    } else if (status != 401) {
        response.contentType = "text/plain";
        response.body = "Error processing request.";
    }
    return response;
}

namespace {

// W3C trace context ids, as ASP.NET puts them in problem details.
std::string traceId() {
    static std::atomic<unsigned long long> counter{0};
    char text[64];
    const unsigned long long n = ++counter;
    std::snprintf(text, sizeof text, "00-%016llx%016llx-%016llx-00", 0x5eed5eed5eed5eedULL, n, n);
    return text;
}

const char* problemType(int status) {
    switch (status) {
        case 400: return "https://tools.ietf.org/html/rfc9110#section-15.5.1";
        case 403: return "https://tools.ietf.org/html/rfc9110#section-15.5.4";
        case 404: return "https://tools.ietf.org/html/rfc9110#section-15.5.5";
        default: return "https://tools.ietf.org/html/rfc9110#section-15.6.1";
    }
}

const char* problemTitle(int status) {
    switch (status) {
        case 400: return "Bad Request";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        default: return "An error occurred while processing your request.";
    }
}

}  // namespace

SimResponse errorResponse(const ApiError& error, Flavor flavor) {
    const int status = error.status();
    if (flavor == Flavor::Emby || error.origin() == ErrorOrigin::Exception)
        return errorResponse(status, error.what(), flavor);
    SimResponse response;
    switch (error.origin()) {
        case ErrorOrigin::Authorization:
            response.status = status;
            break;
        case ErrorOrigin::Controller:
            response = jsonResponse(Poco::Dynamic::Var(std::string(error.what())), status);
            break;
        case ErrorOrigin::Problem:
        case ErrorOrigin::Validation: {
            JsonObject problem = makeObject();
            problem->set("type", std::string(problemType(status)));
            const bool validation = error.origin() == ErrorOrigin::Validation;
            problem->set("title", std::string(validation ? "One or more validation errors occurred."
                                                          : problemTitle(status)));
            problem->set("status", status);
            if (validation) {
                JsonArray messages = makeArray();
                messages->add(std::string(error.what()));
                JsonObject errors = makeObject();
                errors->set(error.field(), messages);
                problem->set("errors", errors);
            }
            problem->set("traceId", traceId());
            response = jsonResponse(problem, status);
            break;
        }
        case ErrorOrigin::Exception: break;
    }
    addMessageHeader(response, error.what());
    return response;
}

}  // namespace sim
