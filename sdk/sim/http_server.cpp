#include "http_server.h"

#include "connection_faults.h"
#include "response_writer.h"
#include "simulator.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/URI.h>

#include <chrono>
#include <thread>

namespace sim {

namespace {

constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

void sleepMs(int ms) {
    if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

// Reads the body up to the limit. Only a declared length or chunked encoding
// is read: a bodyless POST without Content-Length must not block.
bool readBody(Poco::Net::HTTPServerRequest& request, std::string& body) {
    const bool declared = request.hasContentLength() || request.getChunkedTransferEncoding();
    if (!declared) return true;
    if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(kMaxBodyBytes))
        return false;
    std::istream& in = request.stream();
    char buffer[16384];
    while (in) {
        in.read(buffer, sizeof buffer);
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > kMaxBodyBytes) return false;
    }
    return true;
}

// The path decoded, except that an encoded '/' stays "%2F": like ASP.NET
// Core's, the route sees it as part of one segment, never as a separator.
std::string pathKeepingEncodedSlashes(const std::string& target) {
    const std::string raw = target.substr(0, target.find_first_of("?#"));
    std::string out;
    std::size_t from = 0;
    for (;;) {
        const auto encodedSlash = [&](std::size_t i) {
            return raw[i] == '%' && raw[i + 1] == '2' && (raw[i + 2] == 'F' || raw[i + 2] == 'f');
        };
        std::size_t at = from;
        while (at + 2 < raw.size() && !encodedSlash(at)) ++at;
        const bool slash = at + 2 < raw.size();
        std::string piece;
        Poco::URI::decode(raw.substr(from, slash ? at - from : std::string::npos), piece);
        out += piece;
        if (!slash) return out;
        out += "%2F";
        from = at + 3;
    }
}

SimRequest toSimRequest(Poco::Net::HTTPServerRequest& request, const Poco::URI& uri) {
    SimRequest out;
    out.method = request.getMethod();
    out.path = pathKeepingEncodedSlashes(request.getURI());
    out.rawQuery = uri.getRawQuery();
    for (const auto& pair : uri.getQueryParameters()) out.query.push_back(pair);
    out.headers = static_cast<const Poco::Net::NameValueCollection&>(request);
    out.remoteAddress = request.clientAddress().toString();
    return out;
}

SimResponse plainStatus(int status, const std::string& message) {
    SimResponse response;
    response.status = status;
    response.contentType = "text/html";
    response.body = message;
    return response;
}

class RequestHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit RequestHandler(Simulator& simulator) : simulator_(simulator) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        try {
            serve(request, response);
        } catch (const std::exception&) {
            // The client went away mid-answer; nothing left to tell it.
        }
    }

private:
    void serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
        std::unique_ptr<Poco::URI> uri;
        try {
            uri = std::make_unique<Poco::URI>(request.getURI());
        } catch (const Poco::Exception&) {
            response.setKeepAlive(false);
            writeResponse(response, plainStatus(400, "Bad request URI"), 0);
            return;
        }
        SimRequest simRequest = toSimRequest(request, *uri);
        const bool bodyFits = readBody(request, simRequest.body);
        if (!bodyFits) response.setKeepAlive(false);  // the rest of the body is still on the wire

        if (Simulator::isControlPath(simRequest.path)) {
            writeResponse(response, bodyFits ? simulator_.handleControl(simRequest)
                                             : plainStatus(413, "Request body too large"), 0);
            return;
        }
        serveApi(request, response, simRequest, bodyFits);
    }

    // Faults that strike before acting end here; the rest decide how the
    // answer (the real one, a 413 or a simulated failure) reaches the client.
    // Only simulator_ calls take the mutex: holding and trickling happen
    // outside it, so a held request never blocks the others.
    void serveApi(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                  const SimRequest& simRequest, bool bodyFits) {
        const Simulator::Admission admission = simulator_.admit(simRequest);
        const FaultDecision& fault = admission.decision;
        sleepMs(fault.latencyMs);
        if (fault.kind == FaultKind::ResetBefore) {
            simulator_.complete(admission.seq, 0, nullptr);
            resetConnection(request, response);
            return;
        }
        if (fault.kind == FaultKind::HoldBefore) {
            holdConnection(request, fault.holdMs);
            simulator_.complete(admission.seq, 0, nullptr);
            closeConnection(request, response);
            return;
        }
        SimResponse answer;
        if (!bodyFits) answer = errorResponse(413, "Request body too large.", simulator_.flavor());
        else if (fault.kind == FaultKind::FailBefore) answer = plainStatus(fault.status, "Simulated failure");
        else answer = simulator_.handleApi(simRequest, admission.seq);
        deliver(request, response, admission.seq, fault, answer);
    }

    void deliver(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                 std::uint64_t seq, const FaultDecision& fault, const SimResponse& answer) {
        switch (fault.kind) {
        case FaultKind::ResetAfter:
            simulator_.complete(seq, 0, nullptr);
            resetConnection(request, response);
            return;
        case FaultKind::HoldAfter:
            // The log keeps status -1 while held: the answer never leaves.
            holdConnection(request, fault.holdMs);
            simulator_.complete(seq, 0, nullptr);
            closeConnection(request, response);
            return;
        case FaultKind::TrickleBody:
            simulator_.complete(seq, answer.status, &answer);
            writeTrickledBody(request, response, answer, fault.trickleMs);
            return;
        case FaultKind::TrickleHeaders:
            simulator_.complete(seq, answer.status, &answer);
            writeTrickledHead(request, response, answer, fault.trickleMs);
            return;
        default:
            simulator_.complete(seq, answer.status, &answer);
            writeResponse(response, answer, fault.slowBodyMs);
        }
    }

    Simulator& simulator_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit HandlerFactory(Simulator& simulator) : simulator_(simulator) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new RequestHandler(simulator_);
    }

private:
    Simulator& simulator_;
};

}  // namespace

HttpServer::HttpServer(Simulator& simulator, const std::string& bindAddress, int port)
    : bindAddress_(bindAddress), threads_(2, 256) {
    socket_.bind(Poco::Net::SocketAddress(bindAddress, static_cast<Poco::UInt16>(port)), true);
    socket_.listen(128);

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);  // unlimited requests per connection
    params->setKeepAliveTimeout(Poco::Timespan(15, 0));
    // A thread per open connection (Poco): real servers keep hundreds of idle
    // keep-alive connections open at no cost, so this must not be what runs out
    // when many clients (64 cron workers, each with its own connections) come.
    params->setMaxThreads(256);
    params->setMaxQueued(256);
    params->setTimeout(Poco::Timespan(30, 0));
    params->setServerName("embyprov-sim");
    server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(simulator), threads_, socket_, params);
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() { server_->start(); }

void HttpServer::stop() {
    if (server_) server_->stopAll(true);
}

int HttpServer::port() const { return socket_.address().port(); }

std::string HttpServer::baseUrl() const {
    const std::string host = bindAddress_.find(':') != std::string::npos ? "[" + bindAddress_ + "]" : bindAddress_;
    return "http://" + host + ":" + std::to_string(port());
}

}  // namespace sim
