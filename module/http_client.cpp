#include "http_client.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <istream>
#include <map>
#include <mutex>
#include <ostream>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "error.hpp"
#include "process_memory.hpp"
#include "server_slots.hpp"

namespace embyprov {

namespace {

constexpr std::size_t kMaxIdlePerEndpoint = 16;

Poco::Timespan millis(int ms)
{
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms) * 1000);
}

std::string where(const Endpoint& ep)
{
    return ep.host + ":" + std::to_string(ep.port);
}

/// Turns a Poco transport exception into our error, naming the endpoint.
[[noreturn]] void rethrow_transport(const Poco::Exception& e, const Endpoint& ep)
{
    const std::string at = " (" + where(ep) + ")";
    if (dynamic_cast<const Poco::TimeoutException*>(&e))
        throw Error(EMBYPROV_ETIMEOUT, "the server did not answer in time" + at);
    if (dynamic_cast<const Poco::Net::SSLException*>(&e))
        throw Error(EMBYPROV_ETLS, "TLS failed" + at + ": " + e.message());
    if (dynamic_cast<const Poco::Net::HostNotFoundException*>(&e) ||
        dynamic_cast<const Poco::Net::NoAddressFoundException*>(&e) ||
        dynamic_cast<const Poco::Net::DNSException*>(&e))
        throw Error(EMBYPROV_ENETWORK, "the server name could not be resolved" + at);
    if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&e))
        throw Error(EMBYPROV_ENETWORK, "connection refused" + at);
    if (dynamic_cast<const Poco::Net::NoMessageException*>(&e) ||
        dynamic_cast<const Poco::Net::ConnectionResetException*>(&e))
        throw Error(EMBYPROV_ENETWORK, "the server closed the connection without answering" + at);
    throw Error(EMBYPROV_ENETWORK, "network error" + at + ": " + e.displayText());
}

/// A session that reports the socket of each connection it opens, so the
/// deadline watches the TLS handshake (made lazily, on the first write)
/// and everything after it.
class ConnectWatch {
public:
    /// Reports connections to `fn` while alive (one exchange).
    class Scope {
    public:
        Scope(ConnectWatch& w, std::function<void(int)> fn) : w_(w) { w_.on_connect_ = std::move(fn); }
        ~Scope() { w_.on_connect_ = nullptr; }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        ConnectWatch& w_;
    };

protected:
    void report_connect(int fd)
    {
        if (on_connect_)
            on_connect_(fd);
    }

private:
    std::function<void(int fd)> on_connect_;
};

class PlainSession : public Poco::Net::HTTPClientSession, public ConnectWatch {
public:
    using HTTPClientSession::HTTPClientSession;

protected:
    void connect(const Poco::Net::SocketAddress& address) override
    {
        HTTPClientSession::connect(address);
        report_connect(socket().impl()->sockfd());
    }
};

class TlsSession : public Poco::Net::HTTPSClientSession, public ConnectWatch {
public:
    using HTTPSClientSession::HTTPSClientSession;

protected:
    void connect(const Poco::Net::SocketAddress& address) override
    {
        Poco::Net::SecureStreamSocket(socket()).setLazyHandshake(true);
        HTTPSClientSession::connect(address);
        report_connect(socket().impl()->sockfd());
    }
};

bool is_stale_connection(const Poco::Exception& e)
{
    return dynamic_cast<const Poco::Net::NoMessageException*>(&e) ||
           dynamic_cast<const Poco::Net::ConnectionResetException*>(&e) ||
           dynamic_cast<const Poco::Net::ConnectionAbortedException*>(&e);
}

}  // namespace

std::string Endpoint::key() const
{
    return std::string(secure ? "https://" : "http://") + host + ":" + std::to_string(port);
}

HttpClient::HttpClient(const HttpOptions& options) : options_(options) {}

namespace {

Poco::Net::Context::Ptr make_tls_context(const std::string& host, const HttpOptions& options)
{
    using Poco::Net::Context;
    const auto mode = options.tls_verify ? Context::VERIFY_RELAXED : Context::VERIFY_NONE;
    Context::Ptr tls = new Context(Context::TLS_CLIENT_USE, "", "", options.ca_file, mode, 9,
                                   /*loadDefaultCAs=*/true, "HIGH:!aNULL:!eNULL:!MD5:!RC4");
    tls->disableProtocols(Context::PROTO_SSLV2 | Context::PROTO_SSLV3 | Context::PROTO_TLSV1 |
                          Context::PROTO_TLSV1_1);
    // Poco's own name check skips loopback names; OpenSSL's checks every
    // one during the handshake, as a DNS name or as an IP address.
    tls->enableExtendedCertificateVerification(false);
    if (options.tls_verify) {
        const std::string name = host.size() > 2 && host.front() == '[' && host.back() == ']'
                                     ? host.substr(1, host.size() - 2)
                                     : host;
        X509_VERIFY_PARAM* param = SSL_CTX_get0_param(tls->sslContext());
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) != 1 &&
            X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size()) != 1)
            throw Error(EMBYPROV_ETLS, "cannot check certificates for the host name '" + host + "'");
    }
    return tls;
}

}  // namespace

Poco::Net::Context::Ptr shared_tls_context(const std::string& host, const HttpOptions& options)
{
    // OpenSSL and Poco's SSL managers are set up on the first TLS
    // connection of the process (some 6 M instructions; plain HTTP never
    // pays them) and kept for its life, as the library stays loaded.
    static const bool ssl_ready = [] {
        Poco::Net::initializeSSL();
        return true;
    }();
    (void)ssl_ready;
    // Loading the trust store is most of what a TLS context costs (the
    // system bundle: some 240 M instructions), and a PHP-FPM worker or a
    // cron loop opens a library context per request: the TLS contexts are
    // kept for the process, per host, extra bundle (and its modification
    // time) and verification mode, for kSharedTlsSeconds, so a changed
    // bundle is read again within that time.
    static ProcessMemory<Poco::Net::Context::Ptr>& contexts =
        *new ProcessMemory<Poco::Net::Context::Ptr>(std::chrono::seconds(kSharedTlsSeconds), kSharedTlsEntries);
    std::string key = host + '\n' + (options.tls_verify ? "verify" : "no-verify") + '\n' + options.ca_file;
    if (!options.ca_file.empty()) {
        try {
            key += '\n' + std::to_string(Poco::File(options.ca_file).getLastModified().epochMicroseconds());
        } catch (const Poco::Exception&) {
            // The context's own load reports the file.
        }
    }
    return contexts.find_or_make(key, [&] { return make_tls_context(host, options); });
}

Poco::Net::Context::Ptr HttpClient::tls_context(const std::string& host)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Poco::Net::Context::Ptr& tls = tls_[host];
    if (!tls)
        tls = shared_tls_context(host, options_);
    return tls;
}

HttpClient::~HttpClient() = default;

int HttpClient::connect_timeout_ms_for(Watchdog::Clock::time_point deadline) const
{
    const long long left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Watchdog::Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 1, options_.connect_timeout_ms));
}

Watchdog::Clock::time_point HttpClient::deadline_for(std::optional<Watchdog::Clock::time_point> not_after) const
{
    const auto own = Watchdog::Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
    return not_after && *not_after < own ? *not_after : own;
}

namespace {

/// A pooled connection the server has closed (or written to unasked)
/// shows up as readable while idle. Checking costs one poll(2) and spares
/// the request a failure it could not recover from when it may not be sent
/// twice.
bool closed_while_idle(Poco::Net::HTTPClientSession& session)
{
    try {
        if (!session.connected())
            return false;  // Poco connects it afresh
        return session.socket().poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ |
                                                           Poco::Net::Socket::SELECT_ERROR);
    } catch (const Poco::Exception&) {
        return true;
    }
}

}  // namespace

HttpClient::SessionPtr HttpClient::acquire(const Endpoint& ep, bool& reused)
{
    for (;;) {
        SessionPtr s;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto it = idle_.find(ep.key());
            if (it == idle_.end() || it->second.empty())
                break;
            s = std::move(it->second.back());
            it->second.pop_back();
        }
        if (closed_while_idle(*s))
            continue;  // dropped; try the next idle one or open a new one
        reused = true;
        return s;
    }
    reused = false;
    SessionPtr s;
    if (ep.secure)
        s = std::make_unique<TlsSession>(ep.host, ep.port, tls_context(ep.host));
    else
        s = std::make_unique<PlainSession>(ep.host, ep.port);
    s->setKeepAlive(true);
    // Poco reconnects by itself when a pooled session sat idle longer than
    // this, which keeps us clear of servers that close idle connections.
    s->setKeepAliveTimeout(Poco::Timespan(5, 0));
    ++opened_;
    return s;
}

void HttpClient::release(const Endpoint& ep, SessionPtr session)
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto& list = idle_[ep.key()];
    if (list.size() < kMaxIdlePerEndpoint)
        list.push_back(std::move(session));
}

HttpResponse HttpClient::exchange(Poco::Net::HTTPClientSession& session, const HttpRequest& request,
                                  bool& answered)
{
    Poco::Net::HTTPRequest req(request.method, request.target, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setKeepAlive(true);
    for (const auto& [name, value] : request.headers)
        req.set(name, value);
    if (!request.content_type.empty())
        req.setContentType(request.content_type);
    if (!request.body.empty() || request.method == "POST")
        req.setContentLength(static_cast<std::streamsize>(request.body.size()));
    // The whole exchange has one deadline: socket timeouts bound each read,
    // and a server sending a byte now and then would pass them.
    const auto deadline = deadline_for(request.not_after);
    session.setTimeout(millis(connect_timeout_ms_for(deadline)), millis(options_.timeout_ms),
                       millis(options_.timeout_ms));
    std::optional<Watchdog::Guard> guard;
    ConnectWatch::Scope watching(dynamic_cast<ConnectWatch&>(session),
                                 [&](int fd) { guard.emplace(watchdog_, fd, deadline); });
    bool cut = false;
    try {
        std::ostream& out = session.sendRequest(req);  // connects a fresh session
        if (!guard)  // a kept-alive connection
            guard.emplace(watchdog_, session.socket().impl()->sockfd(), deadline);
        out << request.body;
        out.flush();

        Poco::Net::HTTPResponse resp;
        std::istream& in = session.receiveResponse(resp);
        answered = true;
        HttpResponse result;
        result.status = static_cast<int>(resp.getStatus());
        result.content_type = resp.getContentType();
        char buffer[8192];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            result.body.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (result.body.size() > options_.max_body)
                throw Error(EMBYPROV_EREMOTE, "the server's answer is larger than " +
                                                  std::to_string(options_.max_body) + " bytes (max_answer_bytes)");
        }
        cut = guard->disarm();
        if (cut)
            throw Poco::TimeoutException("deadline");
        if (resp.hasContentLength() && resp.getContentLength64() >= 0 &&
            result.body.size() != static_cast<std::size_t>(resp.getContentLength64()))
            throw Poco::Net::ConnectionResetException("answer cut short");
        return result;
    } catch (const Poco::Exception&) {
        cut = cut || (guard && guard->disarm());
        if (!cut)
            throw;
        // Not a Poco exception: a request cut by its deadline is never resent.
        const bool call_ran_out = request.not_after && deadline == *request.not_after;
        throw Error(EMBYPROV_ETIMEOUT, "the server did not answer in time (" +
                                           (call_ran_out ? std::string("the call's time ran out")
                                                         : std::to_string(options_.timeout_ms) + " ms in all") +
                                           ", " + session.getHost() + ":" + std::to_string(session.getPort()) + ")");
    }
}

HttpResponse HttpClient::send(const Endpoint& ep, const HttpRequest& request)
{
    const ServerSlot slot(ep.key(), options_.server_connections, deadline_for(request.not_after));
    for (int attempt = 0;; ++attempt) {
        if (request.not_after && Watchdog::Clock::now() >= *request.not_after)
            throw Error(EMBYPROV_ETIMEOUT, "the call's time ran out before " + request.method + " " +
                                               request.target.substr(0, request.target.find('?')) +
                                               " could be sent (" + where(ep) + ")");
        bool reused = false;
        bool answered = false;
        SessionPtr session = acquire(ep, reused);
        try {
            HttpResponse resp = exchange(*session, request, answered);
            if (session->getKeepAlive() && session->connected())
                release(ep, std::move(session));
            return resp;
        } catch (const Poco::Exception& e) {
            // A pooled connection the server had already closed fails before
            // any answer arrives, and a fresh one would do. But the server
            // may also have received the request and acted before the
            // connection broke: only a request that may be sent twice is.
            if (reused && !answered && attempt == 0 && is_stale_connection(e) && request.may_resend())
                continue;
            rethrow_transport(e, ep);
        }
    }
}

}  // namespace embyprov
