// terminate_account: remove every Emby user of the service (the server drops
// their Connect links with them) and keep the service's record, marked
// terminated. Users already gone count as removed, so a retry converges; a
// creation that never finished (the journal names its user) is undone too,
// so "terminate right after a failed create" leaves nothing behind.
#include "hooks.hpp"
#include "operation.hpp"
#include "owned_user.hpp"
#include "parallel.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

json::ObjectPtr terminate_account(Call& call)
{
    Operation op(call, "terminate");
    const std::string sid = op.service_id();
    Store& store = call.store();
    json::ObjectPtr out = json::make_object();
    auto found = store.service(sid);
    int removed = 0;
    if (auto unfinished = op.take_any_leftover()) {
        EmbyClient client = call.client();
        if (undo_owned_user(client, *unfinished))
            ++removed;
    }
    if (!found || found->status == status::kTerminated ||
        (found->status == status::kCreating && found->user_id.empty())) {
        op.complete([&] {
            if (found && found->status != status::kTerminated) {
                found->status = status::kTerminated;
                found->terminated_at = Store::timestamp();
                store.save_service(*found);
            }
        });
        out->set("removed", removed);
        return out;
    }
    ServiceRecord record = *found;
    const auto media = store.media_accounts(sid);
    const auto accounts = accounts_of(record, media);
    EmbyClient client = call.client();
    client.flavour();

    // Media accounts first, main account last: if anything fails, the
    // service still has its main account and a retry finds everything.
    std::vector<Account> sub(accounts.begin() + 1, accounts.end());
    auto failures = call.parallel(sub.size(), [&](std::size_t i) {
        client.delete_user(sub[i].user_id);
    });
    store.transaction([&] {
        for (std::size_t i = 0; i < sub.size(); ++i)
            if (!failures[i])
                store.mark_media_account_removed(sub[i].user_id);
    });
    rethrow_first(failures);

    client.delete_user(record.user_id);
    op.complete([&] {
        store.clear_snapshot(sid);
        record.status = status::kTerminated;
        record.terminated_at = Store::timestamp();
        store.save_service(record);
    });
    out->set("removed", removed + static_cast<int>(accounts.size()));
    return out;
}

}  // namespace embyprov::hooks
