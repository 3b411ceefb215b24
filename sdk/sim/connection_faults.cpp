#include "connection_faults.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <thread>

namespace sim {

namespace {

constexpr int kPollMs = 20;

Poco::Net::StreamSocket* socketOf(Poco::Net::HTTPServerRequest& request) {
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    return impl ? &impl->socket() : nullptr;
}

// Waits up to one poll tick. A readable socket with nothing to read is the
// peer's FIN or RST (a killed client looks the same); a server shutdown
// (HTTPServer::stopAll shuts the socket down) ends the hold the same way.
bool clientGone(Poco::Net::StreamSocket& socket) {
    try {
        if (!socket.poll(Poco::Timespan(0, kPollMs * 1000), Poco::Net::Socket::SELECT_READ |
                                                                Poco::Net::Socket::SELECT_ERROR))
            return false;
        if (socket.available() == 0) return true;
    } catch (const Poco::Exception&) {
        return true;
    }
    // The client sent more bytes (a pipelined request): still there. Poll
    // would return at once from now on, so pace the loop by hand.
    std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
    return false;
}

}  // namespace

void resetConnection(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    response.setKeepAlive(false);
    if (Poco::Net::StreamSocket* socket = socketOf(request)) {
        socket->setLinger(true, 0);
        socket->close();
    }
}

void closeConnection(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    response.setKeepAlive(false);
    if (Poco::Net::StreamSocket* socket = socketOf(request)) {
        try {
            socket->shutdownSend();
        } catch (const Poco::Exception&) {
            // Already gone: nothing to tell it either way.
        }
        socket->close();
    }
}

void holdConnection(Poco::Net::HTTPServerRequest& request, int holdMs) {
    Poco::Net::StreamSocket* socket = socketOf(request);
    const int limitMs = holdMs > 0 && holdMs < kMaxHoldMs ? holdMs : kMaxHoldMs;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limitMs);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!socket) {
            std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
            continue;
        }
        if (clientGone(*socket)) return;
    }
}

}  // namespace sim
