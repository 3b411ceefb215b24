// A TCP relay on loopback that passes what the client sends at once and
// what the server answers one byte at a time, `gap_ms` apart: a server
// whose every single read is quick and whose whole answer (a TLS handshake,
// say) takes minutes.
#pragma once

#include <atomic>
#include <thread>
#include <vector>

#include <Poco/Net/ServerSocket.h>

namespace itest {

class TrickleProxy {
public:
    TrickleProxy(unsigned short target_port, int gap_ms);
    ~TrickleProxy();
    TrickleProxy(const TrickleProxy&) = delete;
    TrickleProxy& operator=(const TrickleProxy&) = delete;

    unsigned short port() const { return port_; }

private:
    void relay(Poco::Net::StreamSocket client);

    unsigned short target_;
    int gap_ms_;
    Poco::Net::ServerSocket socket_;
    unsigned short port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread accept_thread_;
    std::vector<std::thread> relays_;  // touched by the accept thread only
};

}  // namespace itest
