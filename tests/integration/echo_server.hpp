// A hostile server on loopback: it answers every request, whatever the
// path, with the status and body it is told to, and keeps nothing. Tests
// use it to make a server say anything back to the module.
#pragma once

#include <map>
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

    /// What every request gets from now on (but those answer_path names).
    void answer(int status, const std::string& content_type, const std::string& body);
    /// What requests whose path contains `path` get from now on.
    void answer_path(const std::string& path, int status, const std::string& content_type,
                     const std::string& body);

    unsigned short port() const { return port_; }

    struct Answer {
        int status = 200;
        std::string content_type = "application/json", body = "{}";
    };
    Answer current(const std::string& path) const;

private:
    mutable std::mutex mutex_;
    Answer answer_;
    std::map<std::string, Answer> by_path_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    unsigned short port_ = 0;
};

}  // namespace itest
