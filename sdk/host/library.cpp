#include "host/library.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace host {

namespace {

std::string exe_dir()
{
    char buf[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return ".";
    std::string p(buf, static_cast<std::size_t>(n));
    return p.substr(0, p.rfind('/'));
}

std::vector<std::string> candidates(const std::string& explicit_path)
{
    if (!explicit_path.empty())
        return {explicit_path};
    std::vector<std::string> out;
    if (const char* env = std::getenv("EMBYPROV_LIB"); env && *env)
        out.emplace_back(env);
    const std::string dir = exe_dir();
    const std::string so = "libembyprov.so." + std::to_string(EMBYPROV_ABI_VERSION);
    out.push_back(dir + "/../../module/" + so);  // build tree: build/sdk/<program>
    out.push_back(dir + "/../lib/" + so);        // installed: prefix/bin
    out.push_back(dir + "/../lib/x86_64-linux-gnu/" + so);
    out.push_back(so);                           // the system search path
    return out;
}

template <typename Fn>
void bind(void* handle, Fn& fn, const char* name)
{
    void* sym = dlsym(handle, name);
    if (!sym)
        throw std::runtime_error(std::string("the library lacks ") + name);
    fn = reinterpret_cast<Fn>(sym);
}

}  // namespace

Library::Library(const std::string& path)
{
    std::string tried;
    for (const auto& candidate : candidates(path)) {
        handle_ = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle_) {
            path_ = candidate;
            break;
        }
        tried += "\n  " + std::string(dlerror());
    }
    if (!handle_)
        throw std::runtime_error("cannot load libembyprov; tried:" + tried);
    bind(handle_, version, "embyprov_version");
    bind(handle_, abi_version, "embyprov_abi_version");
    bind(handle_, open_v2, "embyprov_open_v2");
    bind(handle_, close, "embyprov_close");
    bind(handle_, set_log_callback, "embyprov_set_log_callback");
    bind(handle_, last_error, "embyprov_last_error");
    bind(handle_, strerror, "embyprov_strerror");
    bind(handle_, free, "embyprov_free");
    bind(handle_, call, "embyprov_call");
    if (abi_version() != EMBYPROV_ABI_VERSION)
        throw std::runtime_error("libembyprov ABI " + std::to_string(abi_version()) +
                                 " does not match this program's ABI " +
                                 std::to_string(EMBYPROV_ABI_VERSION));
}

Library::~Library()
{
    if (handle_)
        dlclose(handle_);
}

Context::Context(Library& lib, const std::string& config_json) : lib_(lib)
{
    char* why = nullptr;
    const int rc = lib_.open_v2(config_json.c_str(), &ctx_, &why);
    if (rc != EMBYPROV_OK) {
        const std::string reason = why ? why : lib_.strerror(rc);
        lib_.free(why);
        throw std::runtime_error("cannot open a context: " + reason);
    }
}

Context::~Context()
{
    lib_.close(ctx_);
}

int Context::call(const std::string& hook, const std::string& params, std::string& result,
                  const char* request)
{
    char* out = nullptr;
    const int rc = lib_.call(ctx_, hook.c_str(), params.c_str(), request, &out);
    result = out ? out : "{\"error\":\"no result\"}";
    lib_.free(out);
    return rc;
}

}  // namespace host
