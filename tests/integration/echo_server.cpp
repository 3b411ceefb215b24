#include "echo_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>

namespace itest {

namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(const EchoServer& server) : server_(server) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        Poco::NullOutputStream sink;
        Poco::StreamCopier::copyStream(request.stream(), sink);
        const EchoServer::Answer a = server_.current(request.getURI());
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(a.status));
        response.setContentType(a.content_type);
        response.setContentLength(static_cast<std::streamsize>(a.body.size()));
        response.send() << a.body;
    }

private:
    const EchoServer& server_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(const EchoServer& server) : server_(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new Handler(server_);
    }

private:
    const EchoServer& server_;
};

}  // namespace

EchoServer::EchoServer()
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    port_ = socket.address().port();
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, new Poco::Net::HTTPServerParams);
    server_->start();
}

EchoServer::~EchoServer()
{
    server_->stopAll(true);
}

void EchoServer::answer(int status, const std::string& content_type, const std::string& body)
{
    std::lock_guard<std::mutex> lock(mutex_);
    answer_ = {status, content_type, body};
}

void EchoServer::answer_path(const std::string& path, int status, const std::string& content_type,
                             const std::string& body)
{
    std::lock_guard<std::mutex> lock(mutex_);
    by_path_[path] = {status, content_type, body};
}

EchoServer::Answer EchoServer::current(const std::string& path) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [part, a] : by_path_)
        if (path.find(part) != std::string::npos)
            return a;
    return answer_;
}

}  // namespace itest
