#include "response_writer.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sim {

namespace {

constexpr std::size_t kSlowBodyPieces = 10;
constexpr int kTrickleTickMs = 10;  // one piece per tick: "a few bytes at a time"

using PieceWriter = std::function<void(const char* data, std::size_t length)>;

// Piece i leaves at (i + 1) / pieces of totalMs, so the last byte goes out
// when totalMs has passed and the whole answer takes at least that long.
void spreadOut(const std::string& data, std::size_t pieces, int totalMs, const PieceWriter& write) {
    if (data.empty()) return;
    pieces = std::clamp<std::size_t>(pieces, 1, data.size());
    const std::size_t size = (data.size() + pieces - 1) / pieces;
    const auto start = std::chrono::steady_clock::now();
    std::size_t index = 0;
    for (std::size_t offset = 0; offset < data.size(); offset += size, ++index) {
        std::this_thread::sleep_until(start + std::chrono::milliseconds(
                                                  static_cast<long long>(totalMs) * static_cast<long long>(index + 1) /
                                                  static_cast<long long>(pieces)));
        write(data.data() + offset, std::min(size, data.size() - offset));
    }
}

std::size_t tricklePieces(int trickleMs) { return static_cast<std::size_t>(std::max(1, trickleMs / kTrickleTickMs)); }

void prepareHead(Poco::Net::HTTPServerResponse& out, const SimResponse& response) {
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    for (const auto& header : response.headers) out.set(header.first, header.second);
    if (!response.contentType.empty()) out.setContentType(response.contentType);
    out.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
}

// HEAD, 1xx, 204 and 304 answers carry no body whatever the SimResponse holds.
bool mayHaveBody(const Poco::Net::HTTPServerRequest& request, int status) {
    return request.getMethod() != Poco::Net::HTTPRequest::HTTP_HEAD && status >= 200 && status != 204 &&
           status != 304;
}

void spreadBody(Poco::Net::HTTPServerResponse& out, const std::string& body, std::size_t pieces, int totalMs) {
    std::ostream& stream = out.send();
    stream.flush();  // the head leaves now; only the body is slow
    spreadOut(body, pieces, totalMs, [&](const char* data, std::size_t length) {
        stream.write(data, static_cast<std::streamsize>(length));
        stream.flush();
        if (!stream) throw std::runtime_error("client went away");
    });
}

void sendAll(Poco::Net::StreamSocket& socket, const char* data, std::size_t length) {
    while (length > 0) {
        const int sent = socket.sendBytes(data, static_cast<int>(length));
        if (sent <= 0) throw std::runtime_error("client went away");
        data += sent;
        length -= static_cast<std::size_t>(sent);
    }
}

}  // namespace

void writeResponse(Poco::Net::HTTPServerResponse& out, const SimResponse& response, int slowBodyMs) {
    prepareHead(out, response);
    if (slowBodyMs <= 0 || response.body.empty()) {
        out.sendBuffer(response.body.data(), response.body.size());
        return;
    }
    // Spread the body so clients see a slow, not a stalled, server.
    spreadBody(out, response.body, kSlowBodyPieces, slowBodyMs);
}

void writeTrickledBody(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& out,
                       const SimResponse& response, int trickleMs) {
    out.setKeepAlive(false);
    if (!mayHaveBody(request, response.status) || response.body.empty()) {
        writeResponse(out, response, 0);  // nothing to trickle
        return;
    }
    prepareHead(out, response);
    spreadBody(out, response.body, tricklePieces(trickleMs), trickleMs);
}

// Poco only ever sends a head in one go, so the head is rendered here and
// written to the socket directly. Poco's response object stays unsent, which
// is fine: with keep-alive off the connection just ends after the handler.
void writeTrickledHead(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& out,
                       const SimResponse& response, int trickleMs) {
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    if (!impl) {
        writeTrickledBody(request, out, response, trickleMs);
        return;
    }
    out.setKeepAlive(false);
    prepareHead(out, response);
    std::ostringstream head;
    out.write(head);
    Poco::Net::StreamSocket& socket = impl->socket();
    spreadOut(head.str(), tricklePieces(trickleMs), trickleMs,
              [&](const char* data, std::size_t length) { sendAll(socket, data, length); });
    if (mayHaveBody(request, response.status)) sendAll(socket, response.body.data(), response.body.size());
    socket.shutdownSend();
}

}  // namespace sim
