// A hostile server on loopback: it answers every request, whatever the
// path, with the status and body it is told to, and keeps nothing. Tests
// use it to make a server say anything back to the module.
#pragma once

#include <memory>
#include <mutex>
#include <string>

namespace Poco::Net {
class HTTPServer;
}

namespace itest {

class EchoServer {
public:
    EchoServer();
    ~EchoServer();
    EchoServer(const EchoServer&) = delete;
    EchoServer& operator=(const EchoServer&) = delete;

    /// What every request gets from now on.
    void answer(int status, const std::string& content_type, const std::string& body);

    unsigned short port() const { return port_; }

    struct Answer {
        int status = 200;
        std::string content_type = "application/json", body = "{}";
    };
    Answer current() const;

private:
    mutable std::mutex mutex_;
    Answer answer_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    unsigned short port_ = 0;
};

}  // namespace itest
