// suspend_account: disable the main account and every media account (which
// signs them out), after durably remembering what each was, so unsuspend can
// put every account back exactly. The snapshot is written before the first
// write to the server, and the first snapshot of an account wins, so a
// suspend interrupted halfway and retried never mistakes an account it
// disabled itself for one that was disabled before.
#include "hooks.hpp"
#include "operation.hpp"
#include "parallel.hpp"
#include "policy_rules.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

json::ObjectPtr suspend_account(Call& call)
{
    Operation op(call, "suspend");
    const std::string sid = op.service_id();
    Store& store = call.store();
    ServiceRecord record = require_live_service(store, sid);
    const auto media = store.media_accounts(sid);
    const auto accounts = accounts_of(record, media);
    EmbyClient client = call.client();
    client.flavour();  // resolve once, before the workers start

    // 1. Read every account as it is now.
    std::vector<std::optional<UserDto>> users(accounts.size());
    auto read_failures =
        call.parallel(accounts.size(), [&](std::size_t i) { users[i] = require_user(client, accounts[i].user_id); });

    // 2. Record, before anything changes on the server.
    std::map<std::string, bool> snapshot = store.snapshot(sid);
    for (std::size_t i = 0; i < accounts.size(); ++i)
        if (users[i] && !snapshot.count(accounts[i].user_id))
            snapshot[accounts[i].user_id] = users[i]->is_disabled;
    record.status = status::kSuspended;
    record.suspend_reason = json::get_text(*call.params, "suspendreason").value_or("");
    store.transaction([&] {
        store.save_snapshot(sid, snapshot);
        store.save_service(record);
    });

    // 3. Disable what is not disabled yet.
    auto write_failures = call.parallel(accounts.size(), [&](std::size_t i) {
        if (!users[i] || users[i]->is_disabled == should_be_disabled(record, accounts[i]))
            return;
        json::ObjectPtr policy = users[i]->policy;
        set_disabled(*policy, true);
        client.set_policy(accounts[i].user_id, *policy);
    });
    rethrow_first(read_failures);
    rethrow_first(write_failures);

    json::ObjectPtr out = json::make_object();
    out->set("accounts", static_cast<int>(accounts.size()));
    return out;
}

}  // namespace embyprov::hooks
