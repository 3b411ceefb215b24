// terminate_account: remove every Emby user of the service (the server drops
// their Connect links with them) and keep the service's record, marked
// terminated. Users already gone count as removed, so a retry converges.
#include "hooks.hpp"
#include "parallel.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

json::ObjectPtr terminate_account(Call& call)
{
    const std::string sid = call.service_id();
    Store& store = call.store();
    json::ObjectPtr out = json::make_object();
    auto found = store.service(sid);
    if (!found || found->status == status::kTerminated ||
        (found->status == status::kCreating && found->user_id.empty())) {
        if (found && found->status != status::kTerminated) {
            found->status = status::kTerminated;
            found->terminated_at = Store::timestamp();
            store.save_service(*found);
        }
        out->set("removed", 0);
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
    auto failures = run_parallel(sub.size(), call.max_parallel(), [&](std::size_t i) {
        client.delete_user(sub[i].user_id);
    });
    for (std::size_t i = 0; i < sub.size(); ++i)
        if (!failures[i])
            store.mark_media_account_removed(sub[i].user_id);
    rethrow_first(failures);

    client.delete_user(record.user_id);
    store.transaction([&] {
        store.clear_snapshot(sid);
        record.status = status::kTerminated;
        record.terminated_at = Store::timestamp();
        store.save_service(record);
    });
    out->set("removed", static_cast<int>(accounts.size()));
    return out;
}

}  // namespace embyprov::hooks
