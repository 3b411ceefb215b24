// Transport-level faults that end a connection without an answer: an abrupt
// reset, a quiet close, and holding the connection silent first.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

namespace sim {

// Closes the connection without answering; linger 0 makes it an RST.
void resetConnection(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
// Closes the connection without answering, with an orderly FIN.
void closeConnection(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
// Keeps the connection open and silent until the client goes away or
// `holdMs` passes (0: until the client goes away, at most kMaxHoldMs).
// Must be called without the simulator's mutex.
void holdConnection(Poco::Net::HTTPServerRequest& request, int holdMs);

constexpr int kMaxHoldMs = 600000;

}  // namespace sim
