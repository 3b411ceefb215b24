#include "tls_listener.hpp"

#include <stdexcept>

#include <Poco/File.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

namespace itest {

namespace {

Poco::Net::Context::Ptr self_signed_context(const std::string& dir, const std::string& names)
{
    Poco::File(dir).createDirectories();
    Poco::ProcessHandle ph = Poco::Process::launch(
        "openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=embyprov test",
                    "-addext", "subjectAltName=" + names, "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem"});
    if (ph.wait() != 0)
        throw std::runtime_error("openssl could not make a test certificate");
    return new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, dir + "/key.pem", dir + "/cert.pem", "",
                                  Poco::Net::Context::VERIFY_NONE);
}

}  // namespace

TlsListener::TlsListener(const std::string& subject_alt_names)
    : dir_(Poco::TemporaryFile::tempName()),
      socket_(Poco::Net::SocketAddress("127.0.0.1", 0), 64, self_signed_context(dir_, subject_alt_names))
{
    port_ = socket_.address().port();
    thread_ = std::thread([this] {
        while (!stop_) {
            try {
                if (!socket_.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ))
                    continue;
                Poco::Net::StreamSocket s = socket_.acceptConnection();
                Poco::Net::SecureStreamSocket tls(s);
                tls.completeHandshake();
            } catch (...) {
            }
        }
    });
}

TlsListener::~TlsListener()
{
    stop_ = true;
    thread_.join();
    Poco::File(dir_).remove(true);
}

}  // namespace itest
