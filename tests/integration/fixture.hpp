// The world of one integration test: a fresh simulator, a fresh state
// database, and libembyprov driven through its public C ABI.
#pragma once

#include <mutex>
#include <string>
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
};

struct LogLine {
    std::string action, request, response;
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

class Env {
public:
    explicit Env(const std::vector<std::string>& sim_args = {}, const std::string& extra_config = "");
    ~Env();

    /// Server params plus serviceid/username/password.
    Poco::JSON::Object params(const std::string& service_id, const std::string& username = "",
                              const std::string& password = "") const;

    /// A media account of a service: an Emby user plus the module's record.
    std::string add_media_account(const std::string& service_id, const std::string& name, bool enabled);

    /// Requests the simulator logged since the last clear, as "METHOD /path".
    std::vector<std::string> requests();

    std::string db_path;
    int media_created_ = 0;
    SimProcess sim;
    SimClient emby;
    Module module;
};

/// Poco JSON object from text (test convenience).
Poco::JSON::Object::Ptr obj(const std::string& json);

}  // namespace itest
