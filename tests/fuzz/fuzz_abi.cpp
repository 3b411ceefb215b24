// Fuzz target for the C ABI: any bytes as params (and client-area request)
// for any hook must give a code and a well-formed result, never a crash.
//
// Input: byte 0 picks the hook, the rest is params_json (split at the first
// 0x1e byte: what follows is request_json). Inputs that parse as a JSON
// object get their server fields pointed at a closed loopback port first, so
// fuzzing can never send traffic off this machine.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include "embyprov/embyprov.h"

namespace {

const char* const kHooks[] = {
    "meta_data", "config_options", "test_connection", "create_account", "suspend_account",
    "unsuspend_account", "terminate_account", "change_password", "change_package", "drop_devices",
    "usage_update", "list_accounts", "admin_services_tab", "client_area", "no_such_hook"};

embyprov_ctx* context()
{
    static embyprov_ctx* ctx = [] {
        embyprov_ctx* c = nullptr;
        if (embyprov_open("{\"database\":\"sqlite::memory:\",\"connect_timeout_ms\":200,"
                          "\"timeout_ms\":200}", &c) != EMBYPROV_OK)
            std::abort();
        return c;
    }();
    return ctx;
}

/// Valid JSON objects are kept on loopback; anything else passes unchanged.
std::string confine(const std::string& params)
{
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        Poco::Dynamic::Var v = parser.parse(params);
        if (v.type() != typeid(Poco::JSON::Object::Ptr))
            return params;
        auto obj = v.extract<Poco::JSON::Object::Ptr>();
        obj->set("serverhostname", "127.0.0.1");
        obj->set("serverport", 9);
        obj->remove("serverip");
        obj->remove("serverhttpprefix");
        std::ostringstream out;
        obj->stringify(out);
        return out.str();
    } catch (...) {
        return params;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const char* hook = kHooks[data[0] % (sizeof kHooks / sizeof kHooks[0])];
    std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
    rest = rest.substr(0, rest.find('\0'));
    std::string request;
    const auto split = rest.find('\x1e');
    if (split != std::string::npos) {
        request = rest.substr(split + 1);
        rest.resize(split);
    }
    const std::string params = confine(rest);
    char* out = nullptr;
    const int rc = embyprov_call(context(), hook, params.c_str(),
                                 split == std::string::npos ? nullptr : request.c_str(), &out);
    if (!out || rc > 0)
        std::abort();
    // The contract: a JSON object with "result" on success, "error" otherwise.
    const bool success = std::strstr(out, "\"result\":\"success\"") != nullptr;
    const bool error = std::strncmp(out, "{\"error\":", 9) == 0;
    if ((rc == EMBYPROV_OK) != success || (rc != EMBYPROV_OK && !error))
        std::abort();
    if (std::strlen(embyprov_last_error(context())) > 0 && rc == EMBYPROV_OK)
        std::abort();
    embyprov_free(out);
    return 0;
}
