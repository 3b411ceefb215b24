// Transport-neutral request/response records: the Poco glue fills a
// SimRequest and writes out a SimResponse, the routes never see Poco::Net.
#pragma once

#include "api_error.h"

#include "ids.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Net/NameValueCollection.h>

#include <string>
#include <utility>
#include <vector>

namespace sim {

struct SimRequest {
    std::string method;      // upper case, as sent
    std::string path;        // URL-decoded, exactly as received (with any /emby prefix)
    std::string rawQuery;    // undecoded query string, no '?'
    std::vector<std::pair<std::string, std::string>> query;  // decoded pairs, in order
    Poco::Net::NameValueCollection headers;                   // names are case-insensitive
    std::string body;
    std::string remoteAddress;

    std::string header(const std::string& name) const { return headers.get(name, ""); }
    std::string contentType() const { return header("Content-Type"); }
};

struct SimResponse {
    int status = 200;
    std::string contentType;  // empty for bodiless responses
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

SimResponse jsonResponse(const Poco::Dynamic::Var& value, int status = 200);
SimResponse noContent();
// Error body in the flavor's style: Emby sends the message as text/html,
// Jellyfin a generic text/plain line (and an empty body for 401). Both add the
// real message in X-Sim-Error so test failures are easy to read.
SimResponse errorResponse(int status, const std::string& message, Flavor flavor);
// The same for an error thrown by a route: on Jellyfin its origin decides the
// body (a JSON string, problem details, validation problem details, none).
SimResponse errorResponse(const ApiError& error, Flavor flavor);

}  // namespace sim
