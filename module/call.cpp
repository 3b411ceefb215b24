#include "call.hpp"

#include "error.hpp"
#include "parallel.hpp"
#include "product.hpp"

namespace embyprov {

Call::Call(embyprov_ctx& c, json::ObjectPtr p, json::ObjectPtr r)
    : ctx(c), params(std::move(p)), request(r ? std::move(r) : json::make_object()),
      log(c.log_fn, c.log_userdata),
      deadline(Watchdog::Clock::now() + std::chrono::milliseconds(c.config.call_timeout_ms))
{
    // Whatever a host passes as a secret is masked in every log line.
    for (const char* key : {"password", "serverpassword", "serveraccesshash"})
        if (auto v = json::get_text(*params, key))
            log.secrets().add(*v);
    // ...and whatever a customer typed as a password, from the call's first
    // exchange on.
    for (const char* key : {"password", "new_password", "confirm_password"})
        if (auto v = json::get_text(*request, key))
            log.secrets().add(*v);
}

std::vector<std::exception_ptr> Call::parallel(std::size_t n, const std::function<void(std::size_t)>& task)
{
    struct Part {
        explicit Part(CallLog& l) : log(l) { log.begin_parallel(); }
        ~Part() { log.end_parallel(); }
        CallLog& log;
    } part(log);
    return run_parallel(n, max_parallel(), task);
}

EmbyClient Call::client(std::optional<Flavour> forced)
{
    Identity id;
    id.client = ctx.config.client_name;
    id.device = ctx.config.client_name;
    id.device_id = ctx.config.device_id;
    id.version = EMBYPROV_VERSION_STRING;
    if (!forced)
        forced = ProductSettings::named_flavour(*params);
    Store* store = ctx.store.get();
    return EmbyClient(ctx.http, log, ctx.servers, ServerParams::from(*params), id, deadline, forced,
                      [store] { store->make_durable(); });
}

std::string Call::service_id() const
{
    const std::string id = json::require_text(*params, "serviceid");
    if (id.size() > 64)
        throw_invalid("'serviceid' is longer than 64 characters");
    for (unsigned char c : id)
        if (c < 0x21 || c == 0x7f)
            throw_invalid("'serviceid' must not contain spaces or control characters");
    return id;
}

}  // namespace embyprov
