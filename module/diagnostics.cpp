#include "diagnostics.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

namespace embyprov {

namespace {

class Steps {
public:
    explicit Steps(json::ObjectPtr out) : out_(std::move(out)), list_(new json::Array) {
        out_->set("steps", list_);
    }

    void ok(const char* step, const std::string& detail) { add(step, true, detail); }

    json::ObjectPtr fail(const char* step, const char* label, embyprov_error code,
                         const std::string& detail)
    {
        add(step, false, detail);
        out_->set("success", false);
        out_->set("error", std::string(label) + ": " + detail);
        out_->set("code", static_cast<int>(code));
        return out_;
    }

    json::ObjectPtr succeed(json::ObjectPtr server)
    {
        out_->set("success", true);
        out_->set("server", server);
        return out_;
    }

private:
    void add(const char* step, bool ok, const std::string& detail)
    {
        json::ObjectPtr s = json::make_object();
        s->set("step", step);
        s->set("ok", ok);
        s->set("detail", detail);
        list_->add(s);
    }

    json::ObjectPtr out_;
    json::ArrayPtr list_;
};

Poco::Timespan millis(int ms)
{
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms) * 1000);
}

}  // namespace

json::ObjectPtr diagnose_connection(EmbyClient& client, HttpClient& http)
{
    Steps steps(json::make_object());
    const Endpoint& ep = client.server().endpoint;

    Poco::Net::SocketAddress address;
    try {
        address = Poco::Net::SocketAddress(ep.host, ep.port);
        steps.ok("dns", address.host().toString());
    } catch (const Poco::Exception& e) {
        return steps.fail("dns", "DNS", EMBYPROV_ENETWORK, "cannot resolve '" + ep.host + "' (" + e.message() + ")");
    }

    // The connect and the handshake have one deadline, as every request
    // has: a server that trickles its handshake is cut off by it.
    const auto deadline = http.deadline_for(client.not_after());
    Poco::Net::StreamSocket socket;
    try {
        socket.connect(address, millis(http.connect_timeout_ms_for(deadline)));
        steps.ok("tcp", "connected to " + address.toString());
    } catch (const Poco::TimeoutException&) {
        return steps.fail("tcp", "TCP", EMBYPROV_ETIMEOUT, "no answer from " + address.toString() +
                                                                " (a firewall, or the wrong port?)");
    } catch (const Poco::Exception& e) {
        return steps.fail("tcp", "TCP", EMBYPROV_ENETWORK,
                          "cannot connect to " + address.toString() + " (" + e.displayText() + ")");
    }

    if (ep.secure) {
        socket.setReceiveTimeout(millis(http.options().timeout_ms));
        socket.setSendTimeout(millis(http.options().timeout_ms));
        Watchdog::Guard guard(http.watchdog(), socket.impl()->sockfd(), deadline);
        try {
            Poco::Net::SecureStreamSocket tls =
                Poco::Net::SecureStreamSocket::attach(socket, ep.host, http.tls_context(ep.host));
            tls.completeHandshake();
            if (guard.disarm())
                throw Poco::TimeoutException("deadline");
            tls.close();
            steps.ok("tls", http.options().tls_verify ? "certificate verified" : "verification disabled");
        } catch (const Poco::Exception& e) {
            if (guard.disarm() || dynamic_cast<const Poco::TimeoutException*>(&e))
                return steps.fail("tls", "TLS", EMBYPROV_ETIMEOUT,
                                  "the TLS handshake did not finish in time (" +
                                      std::to_string(http.options().timeout_ms) + " ms in all)");
            return steps.fail("tls", "TLS", EMBYPROV_ETLS,
                              e.displayText() + " (is the certificate valid for '" + ep.host +
                                  "', and is this the HTTPS port?)");
        }
    } else {
        socket.close();
    }

    PublicSystemInfo info;
    try {
        info = client.public_info();
        steps.ok("server", info.server_name + " " + info.version + " (" + flavour_name(info.flavour) + ")");
    } catch (const Error& e) {
        return steps.fail("server", "Server", e.code(),
                          std::string("the address answers, but not as an Emby or Jellyfin server: ") + e.what());
    }

    try {
        client.system_info();
        steps.ok("auth", "the API key is accepted");
    } catch (const Error& e) {
        return steps.fail("auth", "Authentication", e.code(), e.what());
    }

    json::ObjectPtr server = json::make_object();
    server->set("name", info.server_name);
    server->set("version", info.version);
    server->set("flavour", flavour_name(info.flavour));
    server->set("id", info.id);
    return steps.succeed(server);
}

}  // namespace embyprov
