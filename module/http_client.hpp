// HTTP and HTTPS for talking to media servers: one pool of keep-alive
// connections per endpoint, connect and I/O timeouts, certificate
// verification on by default. Thread safe: workers of one call share it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Poco/Net/Context.h>

#include "deadline.hpp"

namespace Poco::Net {
class HTTPClientSession;
}

namespace embyprov {

struct Endpoint {
    std::string host;
    std::uint16_t port = 0;
    bool secure = false;

    std::string key() const;  ///< "https://host:port"
};

struct HttpRequest {
    std::string method;
    std::string target;  ///< path and query, e.g. "/emby/Users/Query?Limit=5"
    std::string body;
    std::string content_type;
    std::vector<std::pair<std::string, std::string>> headers;
    /// Sending it twice has the effect of sending it once. Only such a
    /// request is ever sent again after a connection failed under it: once
    /// the bytes left, the server may have acted even if no answer came.
    /// Unset: true for GET, HEAD, PUT and DELETE, false for POST.
    std::optional<bool> idempotent;
    /// The deadline of the whole hook call this request belongs to: the
    /// request ends by then at the latest, and is not sent once it passed.
    std::optional<Watchdog::Clock::time_point> not_after;

    bool may_resend() const { return idempotent.value_or(method != "POST" && method != "PATCH"); }
};

struct HttpResponse {
    int status = 0;
    std::string content_type;
    std::string body;
};

struct HttpOptions {
    int connect_timeout_ms = 5000;
    int timeout_ms = 15000;
    /// The largest answer body read; anything longer fails EREMOTE.
    std::size_t max_body = 32u * 1024u * 1024u;
    bool tls_verify = true;
    std::string ca_file;
    /// Requests of the process in flight to one server at most
    /// (server_slots.hpp).
    int server_connections = 16;
};

/// How long a TLS context (its trust store loaded) serves every library
/// context of the process, and how many the process keeps at most.
constexpr int kSharedTlsSeconds = 600;
constexpr std::size_t kSharedTlsEntries = 256;

/// The process's TLS context for `host` under these options' trust store
/// and verification mode: made (trust store loaded) once, then shared by
/// every library context, for kSharedTlsSeconds. Thread safe.
Poco::Net::Context::Ptr shared_tls_context(const std::string& host, const HttpOptions& options);

class HttpClient {
public:
    explicit HttpClient(const HttpOptions& options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Sends one request and reads the whole answer (at most max_body).
    /// Transport failures throw Error with ENETWORK, ETIMEOUT or ETLS; any
    /// HTTP status is returned, not thrown. A request takes at most
    /// timeout_ms in all (and ends by its not_after), from the TCP connect
    /// through the TLS handshake to the answer's last byte, however the
    /// server sends them; name resolution is the system resolver's.
    HttpResponse send(const Endpoint& endpoint, const HttpRequest& request);

    /// The TLS settings every HTTPS connection uses (for diagnostics).
    /// The TLS context for connections to `host`: made on first use (plain
    /// HTTP never loads the CA store), and, when verifying, checking that
    /// the certificate names that host (or IP address) for every host,
    /// loopback included.
    Poco::Net::Context::Ptr tls_context(const std::string& host);
    const HttpOptions& options() const { return options_; }

    /// The deadline of one request: timeout_ms from now, or `not_after`
    /// when that comes first.
    Watchdog::Clock::time_point deadline_for(std::optional<Watchdog::Clock::time_point> not_after) const;
    /// The TCP connect timeout for a request due by `deadline`:
    /// connect_timeout_ms, or what is left before the deadline if less
    /// (1 ms at least).
    int connect_timeout_ms_for(Watchdog::Clock::time_point deadline) const;
    /// The watchdog that enforces deadlines (for connections made outside
    /// send(), as diagnostics does).
    Watchdog& watchdog() { return watchdog_; }

    /// Connections opened so far (a measure of keep-alive reuse).
    std::size_t connections_opened() const { return opened_.load(); }

private:
    using SessionPtr = std::unique_ptr<Poco::Net::HTTPClientSession>;

    SessionPtr acquire(const Endpoint& endpoint, bool& reused);
    void release(const Endpoint& endpoint, SessionPtr session);
    /// One request on one session; `answered` turns true once the status
    /// line arrived (after that, a failure is never retried).
    HttpResponse exchange(Poco::Net::HTTPClientSession& session, const HttpRequest& request,
                          bool& answered);

    HttpOptions options_;
    std::mutex mutex_;
    std::map<std::string, Poco::Net::Context::Ptr> tls_;  // by host
    std::map<std::string, std::vector<SessionPtr>> idle_;
    std::atomic<std::size_t> opened_{0};
    Watchdog watchdog_;  // last: its thread stops before the pools go
};

}  // namespace embyprov
