// The panel's only door to libembyprov: the library loaded with dlopen
// through the shared host loader, a small pool of contexts (a context serves
// one thread at a time, and the HTTP server runs several), and the module
// log the library's callback fills (already masked by the library).
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "host/library.hpp"

namespace panel {

/// What one hook call gave back.
struct HookResult {
    int code = 0;                   ///< EMBYPROV_OK or a negative embyprov_error
    Poco::JSON::Object::Ptr json;   ///< the result object; never null
    bool ok() const { return code == 0; }
    /// "error" on failure, else "message" (may be empty).
    std::string message() const;
    /// A string member, or "" when absent or not a string.
    std::string text(const std::string& key) const;
};

/// One exchange the library reported, as WHMCS's module log shows it.
struct ModuleLogEntry {
    std::string at, action, request, response;
};

class ModuleGateway {
public:
    /// Loads the library (`lib_path` empty = the host loader's search) and
    /// checks that a context opens with `config_json`. Throws on failure.
    ModuleGateway(const std::string& lib_path, const std::string& config_json);
    ~ModuleGateway();
    ModuleGateway(const ModuleGateway&) = delete;
    ModuleGateway& operator=(const ModuleGateway&) = delete;

    /// Calls `hook` (embyprov_call) with params and, for client_area, the request.
    HookResult call(const std::string& hook, const Poco::JSON::Object& params,
                    const Poco::JSON::Object* request = nullptr);

    std::string version() const { return lib_.version(); }
    std::string strerror(int code) const { return lib_.strerror(code); }
    const std::string& library_path() const { return lib_.path(); }

    /// The newest exchanges first.
    std::vector<ModuleLogEntry> log() const;

private:
    static void on_log(void* self, const char* action, const char* request, const char* response);
    std::unique_ptr<host::Context> acquire();
    void release(std::unique_ptr<host::Context> ctx);

    // Declared so that the contexts close first, while the library and the
    // log their callback writes to still exist.
    host::Library lib_;
    std::string config_;
    mutable std::mutex log_mutex_;
    std::deque<ModuleLogEntry> log_;
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<host::Context>> idle_;
};

}  // namespace panel
