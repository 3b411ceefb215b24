#include "trickle_proxy.hpp"

#include <chrono>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

namespace itest {

namespace {

const Poco::Timespan kPoll(0, 20000);

}  // namespace

TrickleProxy::TrickleProxy(unsigned short target_port, int gap_ms)
    : target_(target_port), gap_ms_(gap_ms), socket_(Poco::Net::SocketAddress("127.0.0.1", 0))
{
    port_ = socket_.address().port();
    accept_thread_ = std::thread([this] {
        while (!stop_) {
            try {
                if (socket_.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ))
                    relays_.emplace_back(&TrickleProxy::relay, this, socket_.acceptConnection());
            } catch (...) {
            }
        }
    });
}

TrickleProxy::~TrickleProxy()
{
    stop_ = true;
    accept_thread_.join();
    for (auto& t : relays_)
        t.join();
}

void TrickleProxy::relay(Poco::Net::StreamSocket client)
{
    try {
        Poco::Net::StreamSocket server(Poco::Net::SocketAddress("127.0.0.1", target_));
        std::string pending;  // from the server, not yet passed on
        auto next_byte = std::chrono::steady_clock::now();
        char buf[4096];
        while (!stop_) {
            if (client.poll(kPoll, Poco::Net::Socket::SELECT_READ)) {
                const int n = client.receiveBytes(buf, sizeof buf);
                if (n <= 0)
                    return;
                server.sendBytes(buf, n);
            }
            if (server.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) {
                const int n = server.receiveBytes(buf, sizeof buf);
                if (n <= 0 && pending.empty())
                    return;
                pending.append(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
            }
            if (!pending.empty() && std::chrono::steady_clock::now() >= next_byte) {
                client.sendBytes(pending.data(), 1);
                pending.erase(0, 1);
                next_byte = std::chrono::steady_clock::now() + std::chrono::milliseconds(gap_ms_);
            }
        }
    } catch (...) {
        // The module cut the connection: the end of this relay.
    }
}

}  // namespace itest
