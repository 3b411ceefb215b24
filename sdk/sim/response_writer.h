// Writing a SimResponse onto the wire: at once, with the body spread out
// (slow_body_ms, trickle_body), or with the status line and headers
// themselves trickled straight onto the socket (trickle_headers). Must be
// called without the simulator's mutex.
#pragma once

#include "http_types.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

namespace sim {

// slowBodyMs > 0 spreads the body over that time in ten pieces.
void writeResponse(Poco::Net::HTTPServerResponse& out, const SimResponse& response, int slowBodyMs);
// The head at once, then the body a few bytes at a time over trickleMs;
// the connection closes afterwards.
void writeTrickledBody(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& out,
                       const SimResponse& response, int trickleMs);
// The status line and headers a few bytes at a time over trickleMs, then
// the body; the connection closes afterwards.
void writeTrickledHead(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& out,
                       const SimResponse& response, int trickleMs);

}  // namespace sim
