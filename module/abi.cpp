// The exported C layer: the only door into the library. It checks its
// arguments, parses the JSON, dispatches to a hook, records the call in the
// audit trail, and turns every exception into a code and a message.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <unordered_set>

#include <Poco/Exception.h>

#include "call.hpp"
#include "context.hpp"
#include "error.hpp"
#include "hooks.hpp"

using embyprov::Error;
namespace json = embyprov::json;

namespace {

const char kNoContext[] = "no context (embyprov_ctx is NULL)";
const char kNotOpen[] = "not an open context (closed already, or never returned by embyprov_open)";

// Every context embyprov_open handed out and embyprov_close has not taken
// back: a call on anything else is refused instead of running on freed or
// foreign memory, and a second close is a no-op.
std::mutex g_live_mutex;
std::unordered_set<const embyprov_ctx*> g_live;

bool is_live(const embyprov_ctx* ctx)
{
    std::lock_guard<std::mutex> lock(g_live_mutex);
    return g_live.count(ctx) != 0;
}

/// malloc'd copy for the host; embyprov_free releases it.
char* dup_for_host(const std::string& s)
{
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (p)
        std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

std::string error_json(int code, const std::string& message)
{
    json::ObjectPtr o = json::make_object();
    o->set("error", message);
    o->set("code", code);
    o->set("code_name", embyprov_strerror(code));
    return json::stringify(o);
}

/// Hands the result to the host; an allocation failure becomes ENOMEM.
int deliver(char** out, const std::string& text, int code)
{
    if (!out)
        return code;
    *out = dup_for_host(text);
    return *out ? code : EMBYPROV_ENOMEM;
}

struct Outcome {
    int code = EMBYPROV_OK;
    std::string message;
    json::ObjectPtr result;
};

Outcome invoke(embyprov::Call& call, const embyprov::hooks::HookEntry& hook)
{
    Outcome o;
    try {
        json::ObjectPtr body = hook.fn(call);
        if (body->has("error")) {  // a hook that reports failure with details
            o.code = body->optValue<int>("code", EMBYPROV_ERROR);
            if (o.code >= EMBYPROV_OK)
                o.code = EMBYPROV_ERROR;
            o.message = json::get_text(*body, "error").value_or("error");
            o.result = json::make_object();  // same head as every error result
            o.result->set("error", o.message);
            o.result->set("code", o.code);
            o.result->set("code_name", embyprov_strerror(o.code));
            for (const auto& name : body->getNames())
                if (!o.result->has(name))
                    o.result->set(name, body->get(name));
            return o;
        }
        o.result = json::make_object();
        o.result->set("result", "success");
        for (const auto& name : body->getNames())
            o.result->set(name, body->get(name));
    } catch (const Error& e) {
        o.code = e.code();
        o.message = e.what();
    } catch (const Poco::Exception& e) {
        o.code = EMBYPROV_ERROR;
        o.message = "internal error: " + e.displayText();
    } catch (const std::bad_alloc&) {
        o.code = EMBYPROV_ENOMEM;
        o.message = "out of memory";
    } catch (const std::exception& e) {
        o.code = EMBYPROV_ERROR;
        o.message = std::string("internal error: ") + e.what();
    }
    return o;
}

void audit(embyprov::Call& call, const char* hook, const Outcome& o, std::chrono::steady_clock::time_point start)
{
    // Read-only hooks that touch no server would only drown the trail.
    if (!call.audited || !std::strcmp(hook, "meta_data") || !std::strcmp(hook, "config_options") ||
        !std::strcmp(hook, "admin_services_tab"))
        return;
    // The trail must never turn a hook's outcome into another one.
    try {
        embyprov::AuditEntry e;
        e.hook = hook;
        const Poco::Dynamic::Var sid = call.params->get("serviceid");
        e.service_id = sid.isString() || sid.isNumeric() ? sid.convert<std::string>().substr(0, 64) : "";
        e.outcome = o.code == EMBYPROV_OK ? "success" : "error";
        e.code = o.code;
        e.message = embyprov::mask_all(call.log.secrets(), o.message);
        e.requests = call.log.requests();
        e.duration_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now() - start).count());
        call.store().audit(e);
    } catch (...) {
    }
}

/// A hook's records (and its audit row) are on disk before it answers.
void durable_end(embyprov::Call& call, Outcome& o)
{
    try {
        call.store().make_durable();
    } catch (const Error& e) {
        if (o.code == EMBYPROV_OK) {
            o.code = e.code();
            o.message = e.what();
            o.result.reset();
        }
    }
}

int run_hook(embyprov_ctx* ctx, const char* hook_name, const char* params_json,
             const char* request_json, char** out)
{
    if (out)
        *out = nullptr;
    if (!ctx)
        return deliver(out, error_json(EMBYPROV_EMISUSE, kNoContext), EMBYPROV_EMISUSE);
    if (!is_live(ctx))
        return deliver(out, error_json(EMBYPROV_EMISUSE, kNotOpen), EMBYPROV_EMISUSE);
    if (!out) {
        ctx->last_error = "result_json must not be NULL";
        return EMBYPROV_EMISUSE;
    }
    try {
        const auto start = std::chrono::steady_clock::now();
        const std::string name = hook_name ? hook_name : "";
        const embyprov::hooks::HookEntry* hook = embyprov::hooks::find(name);
        if (!hook)
            throw Error(EMBYPROV_ENOTFOUND, "unknown hook '" + name.substr(0, 64) + "'");
        json::ObjectPtr params = json::parse_object(params_json ? params_json : "{}", "params");
        json::ObjectPtr request;
        if (request_json)
            request = json::parse_object(request_json, "request");

        embyprov::Call call(*ctx, params, request);
        Outcome o = invoke(call, *hook);
        call.log.hand_over();  // whatever a worker thread logged last
        audit(call, hook->name, o, start);
        durable_end(call, o);
        o.message = embyprov::mask_all(call.log.secrets(), o.message);
        ctx->last_error = o.message;
        // A success result may carry what its hook disclosed on purpose (a
        // generated password for the panel to store); every other secret is
        // masked in it, as in every failure.
        if (o.result) {
            embyprov::mask_json(o.code == EMBYPROV_OK ? call.log.secrets().without(call.log.disclosed())
                                                      : call.log.secrets(),
                                *o.result);
            return deliver(out, json::stringify(o.result), o.code);
        }
        return deliver(out, error_json(o.code, o.message), o.code);
    } catch (const Error& e) {
        ctx->last_error = e.what();
        return deliver(out, error_json(e.code(), e.what()), e.code());
    } catch (const std::bad_alloc&) {
        ctx->last_error = "out of memory";
        return EMBYPROV_ENOMEM;
    } catch (const std::exception& e) {
        ctx->last_error = std::string("internal error: ") + e.what();
        return deliver(out, error_json(EMBYPROV_ERROR, ctx->last_error), EMBYPROV_ERROR);
    } catch (...) {
        ctx->last_error = "internal error";
        return deliver(out, error_json(EMBYPROV_ERROR, ctx->last_error), EMBYPROV_ERROR);
    }
}

}  // namespace

extern "C" {

EMBYPROV_API const char* embyprov_version(void)
{
    return EMBYPROV_VERSION_STRING;
}

EMBYPROV_API uint32_t embyprov_abi_version(void)
{
    return EMBYPROV_ABI_VERSION;
}

EMBYPROV_API const char* embyprov_strerror(int code)
{
    switch (code) {
    case EMBYPROV_OK: return "success";
    case EMBYPROV_ERROR: return "error";
    case EMBYPROV_EINVALID: return "invalid input";
    case EMBYPROV_ENOTFOUND: return "not found";
    case EMBYPROV_EEXISTS: return "already exists";
    case EMBYPROV_EAUTH: return "the media server refused the credentials";
    case EMBYPROV_EREMOTE: return "the media server reported an error";
    case EMBYPROV_ETIMEOUT: return "timed out";
    case EMBYPROV_ENETWORK: return "network error";
    case EMBYPROV_ETLS: return "TLS error";
    case EMBYPROV_ESTORE: return "state store error";
    case EMBYPROV_EUNSUPPORTED: return "not supported";
    case EMBYPROV_ESTATE: return "not allowed in the current state";
    case EMBYPROV_ENOMEM: return "out of memory";
    case EMBYPROV_EMISUSE: return "API misuse";
    case EMBYPROV_EQUOTA: return "quota exceeded";
    default: return "unknown error";
    }
}

EMBYPROV_API int embyprov_open_v2(const char* config_json, embyprov_ctx** out, char** error)
{
    if (error)
        *error = nullptr;
    // The reason, copied out with malloc (embyprov_free); none when even that fails.
    const auto fail = [error](int code, const char* why) {
        if (error)
            *error = dup_for_host(why);
        return code;
    };
    if (!out)
        return fail(EMBYPROV_EMISUSE, "embyprov_open: the output pointer is NULL");
    *out = nullptr;
    try {
        auto ctx = std::make_unique<embyprov_ctx>(embyprov::Config::parse(config_json));
        {
            std::lock_guard<std::mutex> lock(g_live_mutex);
            g_live.insert(ctx.get());
        }
        *out = ctx.release();  // only once it is live: a failure above leaves *out NULL
        return EMBYPROV_OK;
    } catch (const Error& e) {
        return fail(e.code(), e.what());
    } catch (const std::bad_alloc&) {
        return EMBYPROV_ENOMEM;
    } catch (const std::exception& e) {
        return fail(EMBYPROV_ERROR, e.what());
    } catch (...) {
        return fail(EMBYPROV_ERROR, "embyprov_open failed for an unknown reason");
    }
}

EMBYPROV_API int embyprov_open(const char* config_json, embyprov_ctx** out)
{
    return embyprov_open_v2(config_json, out, nullptr);
}

EMBYPROV_API void embyprov_close(embyprov_ctx* ctx)
{
    try {
        {
            std::lock_guard<std::mutex> lock(g_live_mutex);
            if (g_live.erase(ctx) == 0)
                return;  // NULL, closed already, or not ours
        }
        delete ctx;
    } catch (...) {
    }
}

EMBYPROV_API int embyprov_set_log_callback(embyprov_ctx* ctx, embyprov_log_fn fn, void* userdata)
{
    if (!ctx || !is_live(ctx))
        return EMBYPROV_EMISUSE;
    ctx->log_fn = fn;
    ctx->log_userdata = fn ? userdata : nullptr;
    return EMBYPROV_OK;
}

EMBYPROV_API const char* embyprov_last_error(const embyprov_ctx* ctx)
{
    if (!ctx)
        return kNoContext;
    return is_live(ctx) ? ctx->last_error.c_str() : kNotOpen;
}

EMBYPROV_API void embyprov_free(void* ptr)
{
    std::free(ptr);
}

#define EMBYPROV_HOOK(name)                                                             \
    EMBYPROV_API int embyprov_##name(embyprov_ctx* ctx, const char* params, char** out) \
    {                                                                                   \
        return run_hook(ctx, #name, params, nullptr, out);                             \
    }

EMBYPROV_HOOK(meta_data)
EMBYPROV_HOOK(config_options)
EMBYPROV_HOOK(test_connection)
EMBYPROV_HOOK(create_account)
EMBYPROV_HOOK(suspend_account)
EMBYPROV_HOOK(unsuspend_account)
EMBYPROV_HOOK(terminate_account)
EMBYPROV_HOOK(change_password)
EMBYPROV_HOOK(change_package)
EMBYPROV_HOOK(drop_devices)
EMBYPROV_HOOK(usage_update)
EMBYPROV_HOOK(list_accounts)
EMBYPROV_HOOK(admin_services_tab)

#undef EMBYPROV_HOOK

EMBYPROV_API int embyprov_client_area(embyprov_ctx* ctx, const char* params, const char* request,
                                      char** out)
{
    return run_hook(ctx, "client_area", params, request ? request : "{\"action\":\"overview\"}", out);
}

EMBYPROV_API int embyprov_call(embyprov_ctx* ctx, const char* hook, const char* params,
                               const char* request, char** out)
{
    return run_hook(ctx, hook, params, request, out);
}

}  // extern "C"
