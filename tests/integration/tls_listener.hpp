// A TLS listener on loopback that completes handshakes and says nothing
// else, with a self-signed certificate made by openssl for the names given.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include <Poco/Net/SecureServerSocket.h>

namespace itest {

class TlsListener {
public:
    /// `subject_alt_names` as openssl writes them, e.g. "IP:127.0.0.1".
    explicit TlsListener(const std::string& subject_alt_names = "IP:127.0.0.1");
    ~TlsListener();
    TlsListener(const TlsListener&) = delete;
    TlsListener& operator=(const TlsListener&) = delete;

    /// The certificate, to trust it through ca_file.
    std::string cert() const { return dir_ + "/cert.pem"; }
    unsigned short port() const { return port_; }

private:
    std::string dir_;
    Poco::Net::SecureServerSocket socket_;
    unsigned short port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace itest
