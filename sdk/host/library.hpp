// libembyprov loaded with dlopen, exactly as a third-party panel would: the
// public header for the types, dlsym for every function, and an ABI check.
// Shared by every host program in sdk/ (the CLI and the reference panel).
#pragma once

#include <string>

#include "embyprov/embyprov.h"

namespace host {

class Library {
public:
    /// Loads `path`, or when empty the first of: $EMBYPROV_LIB, the build
    /// tree (programs live in build/sdk/NAME/) and install locations next to
    /// this program, then the system search path. Throws std::runtime_error saying what was tried.
    explicit Library(const std::string& path);
    ~Library();
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;

    const std::string& path() const { return path_; }

    decltype(&embyprov_version) version = nullptr;
    decltype(&embyprov_abi_version) abi_version = nullptr;
    decltype(&embyprov_open_v2) open_v2 = nullptr;
    decltype(&embyprov_close) close = nullptr;
    decltype(&embyprov_set_log_callback) set_log_callback = nullptr;
    decltype(&embyprov_last_error) last_error = nullptr;
    decltype(&embyprov_strerror) strerror = nullptr;
    decltype(&embyprov_free) free = nullptr;
    decltype(&embyprov_call) call = nullptr;

private:
    void* handle_ = nullptr;
    std::string path_;
};

/// One context of a loaded library, closed on destruction.
class Context {
public:
    Context(Library& lib, const std::string& config_json);
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    /// Calls a hook; returns its code and puts the result JSON in `result`.
    int call(const std::string& hook, const std::string& params, std::string& result,
             const char* request = nullptr);

    embyprov_ctx* get() { return ctx_; }

private:
    Library& lib_;
    embyprov_ctx* ctx_ = nullptr;
};

}  // namespace host
