// Poco::Net glue: a multi-threaded keep-alive HTTP server that turns each
// request into a SimRequest for the Simulator and writes the SimResponse back,
// applying the transport-level faults (latency, reset, hold, trickle).
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <memory>
#include <string>

namespace sim {

class Simulator;

class HttpServer {
public:
    // Binds at once (port 0 picks a free port); throws on failure.
    HttpServer(Simulator& simulator, const std::string& bindAddress, int port);
    ~HttpServer();

    void start();
    void stop();
    int port() const;
    std::string baseUrl() const;

private:
    std::string bindAddress_;
    Poco::Net::ServerSocket socket_;
    Poco::ThreadPool threads_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace sim
