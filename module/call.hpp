// One hook invocation: the context, the parsed params (and client-area
// request), the call's log, and factories for what hooks need.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "call_log.hpp"
#include "context.hpp"
#include "emby_client.hpp"
#include "json_util.hpp"

namespace embyprov {

class Call {
public:
    Call(embyprov_ctx& ctx, json::ObjectPtr params, json::ObjectPtr request);

    embyprov_ctx& ctx;
    json::ObjectPtr params;
    json::ObjectPtr request;  ///< client-area request; empty object otherwise
    CallLog log;
    /// When the call must be over: config call_timeout_ms from its start.
    /// No server request outlasts it, nor the wait for a service's lock.
    const Watchdog::Clock::time_point deadline;
    /// Whether the call gets an audit row (a plain page view does not).
    bool audited = true;
    /// The state-changing operation this call runs as, while it runs.
    class Operation* operation = nullptr;

    Store& store() { return *ctx.store; }
    int max_parallel() const { return ctx.config.max_parallel; }

    /// run_parallel(n, max_parallel, task) for this call's requests; the
    /// host's log callback gets their exchanges on this thread, in the order
    /// they ended, once all tasks are over.
    std::vector<std::exception_ptr> parallel(std::size_t n, const std::function<void(std::size_t)>& task);

    /// A client for the server named in params; of the given flavour, else
    /// of the one the product names (a call on a server of a named type
    /// never asks the server which it is).
    EmbyClient client(std::optional<Flavour> forced = std::nullopt);

    /// params.serviceid, required (1..64 printable characters).
    std::string service_id() const;
};

}  // namespace embyprov
