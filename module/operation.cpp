#include "operation.hpp"

#include <algorithm>
#include <chrono>

#include "call.hpp"
#include "device_limit.hpp"
#include "error.hpp"
#include "owned_user.hpp"
#include "store_lock.hpp"

namespace embyprov {

Operation::Operation(Call& call, std::string kind) : Operation(call, call.service_id(), std::move(kind)) {}

Operation::Operation(Call& call, std::string service_id, std::string kind)
    : call_(call), service_id_(std::move(service_id)), kind_(std::move(kind)), started_at_(Store::timestamp())
{
    Store& store = call_.store();
    // The wait counts against the call's own time like everything else.
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(call_.deadline - Watchdog::Clock::now());
    lock_ = store.lock_service(
        service_id_, static_cast<int>(std::clamp<long long>(left.count(), 0, call_.ctx.config.lock_wait_ms)));
    std::optional<PendingOperation> pending = store.pending_operation(service_id_);
    if (pending && pending->kind == operation_kind::kMediaAdd) {
        // The customer's typed password went with the interrupted request:
        // such a creation cannot be finished, only undone (also when this is
        // a new attempt to add a media account, which starts afresh).
        EmbyClient client = call_.client();
        try {
            undo_owned_user(client, *pending);
        } catch (const Error& e) {
            throw Error(e.code(), std::string("an earlier media-account creation that did not finish could not "
                                              "be undone yet; try again: ") + e.what());
        }
        store.clear_pending_operation(service_id_);
        pending.reset();
    }
    if (pending && pending->kind == operation_kind::kDeviceLimit && kind_ != pending->kind) {
        // Devices an interrupted enforcement meant to sign out: finished
        // (signing out is idempotent), so the customer's notice names them.
        EmbyClient client = call_.client();
        try {
            device_limit::finish(client, store, *pending);
        } catch (const Error& e) {
            throw Error(e.code(), std::string("devices an earlier device-limit run meant to sign out could not "
                                              "be signed out yet; try again: ") + e.what());
        }
        pending.reset();
    }
    if (pending && pending->kind == kind_)
        leftover_ = std::move(pending);
    else
        foreign_ = std::move(pending);
    call_.operation = this;
}

Operation::~Operation()
{
    call_.operation = nullptr;
}

void Operation::record(const std::map<std::string, std::string>& data)
{
    PendingOperation op;
    op.service_id = service_id_;
    op.kind = kind_;
    op.data = data;
    op.started_at = leftover_ ? leftover_->started_at : started_at_;
    call_.store().save_pending_operation(op);
}

void Operation::complete(const std::function<void()>& final_records)
{
    Store& store = call_.store();
    store.transaction([&] {
        if (final_records)
            final_records();
        store.clear_pending_operation(service_id_);
    });
    leftover_.reset();
    foreign_.reset();
}

std::optional<PendingOperation> Operation::take_any_leftover()
{
    if (leftover_)
        return leftover_;
    return foreign_;
}

}  // namespace embyprov
