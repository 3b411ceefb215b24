// The world of one integration test: a fresh simulator, a fresh state
// database, and libembyprov driven through its public C ABI.
#pragma once

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/JSON/Object.h>

#include "embyprov/embyprov.h"
#include "sim_client.hpp"
#include "sim_process.hpp"

namespace itest {

struct HookResult {
    int code = 0;
    std::string text;
    Poco::JSON::Object::Ptr json;

    bool ok() const { return code == EMBYPROV_OK; }
    std::string error() const;
    std::string str(const std::string& key) const;
    /// test_connection: the entry of one step ("dns", "tcp", "tls", ...), or null.
    Poco::JSON::Object::Ptr step(const std::string& name) const;
};

struct LogLine {
    std::string action, request, response;
    std::thread::id thread;  ///< the thread the callback ran on
};

class Module {
public:
    explicit Module(const std::string& db_path, const std::string& extra_config = "");
    ~Module();
    Module(const Module&) = delete;
    Module& operator=(const Module&) = delete;

    HookResult call(const std::string& hook, const Poco::JSON::Object& params);
    /// embyprov_client_area with a request object (its JSON text).
    HookResult client_area(const Poco::JSON::Object& params, const std::string& request_json);
    std::vector<LogLine> log() const;
    embyprov_ctx* ctx() { return ctx_; }

private:
    static void on_log(void* self, const char* action, const char* request, const char* response);

    embyprov_ctx* ctx_ = nullptr;
    mutable std::mutex mutex_;
    std::vector<LogLine> log_;
};

/// The server the suite runs against when a test names none:
/// EMBYPROV_ITEST_SERVER = emby (default), jellyfin-10.11 or jellyfin-12.0.
/// Returns the simulator arguments for it.
std::vector<std::string> default_server_args();
/// Whether that default server is Emby.
bool default_server_is_emby();

class Env {
public:
    /// A simulator with these arguments; without --flavor, the default
    /// server's arguments come first.
    explicit Env(const std::vector<std::string>& sim_args = {}, const std::string& extra_config = "");
    ~Env();

    /// Server params plus serviceid/username/password.
    Poco::JSON::Object params(const std::string& service_id, const std::string& username = "",
                              const std::string& password = "") const;

    /// Server params for a TLS server on loopback at `port`, named `host`.
    Poco::JSON::Object tls_params(unsigned short port, const std::string& host = "127.0.0.1") const;

    /// A media account of a service: an Emby user plus the module's record.
    std::string add_media_account(const std::string& service_id, const std::string& name, bool enabled);

    /// What the server answers a disabled user's sign-in: Emby 401, Jellyfin 403.
    int disabled_sign_in() const { return jellyfin ? 403 : 401; }
    /// The stream limit the module wrote into a policy: Emby's
    /// SimultaneousStreamLimit; Jellyfin has none (its MaxActiveSessions
    /// must stay 0), so -1 there.
    int stream_limit(const Poco::JSON::Object& policy) const;

    /// Requests the simulator logged since the last clear, as "METHOD /path".
    std::vector<std::string> requests();

    std::string db_path;
    bool jellyfin = false;  ///< the simulator runs as a Jellyfin server
    int media_created_ = 0;
    SimProcess sim;
    SimClient emby;
    Module module;
};

/// Poco JSON object from text (test convenience).
Poco::JSON::Object::Ptr obj(const std::string& json);

}  // namespace itest
