// suspend_account: disable the main account and every media account (which
// signs them out), after remembering what each was, so unsuspend can put
// every account back exactly. Safe to repeat: accounts already remembered
// keep their first snapshot.
#include "hooks.hpp"
#include "parallel.hpp"
#include "policy_rules.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

json::ObjectPtr suspend_account(Call& call)
{
    const std::string sid = call.service_id();
    Store& store = call.store();
    ServiceRecord record = require_live_service(store, sid);
    const auto media = store.media_accounts(sid);
    const auto accounts = accounts_of(record, media);
    EmbyClient client = call.client();
    client.flavour();  // resolve once, before the workers start

    std::map<std::string, bool> snapshot = store.snapshot(sid);
    std::vector<int> was_disabled(accounts.size(), -1);  // -1: not read
    auto failures = run_parallel(accounts.size(), call.max_parallel(), [&](std::size_t i) {
        update_policy(client, accounts[i].user_id, [&](const UserDto& user, json::Object& policy) {
            was_disabled[i] = user.is_disabled ? 1 : 0;
            if (user.is_disabled)
                return false;
            set_disabled(policy, true);
            return true;
        });
    });

    for (std::size_t i = 0; i < accounts.size(); ++i)
        if (was_disabled[i] >= 0 && !snapshot.count(accounts[i].user_id))
            snapshot[accounts[i].user_id] = was_disabled[i] == 1;
    store.transaction([&] {
        store.save_snapshot(sid, snapshot);
        record.status = status::kSuspended;
        record.suspend_reason = json::get_text(*call.params, "suspendreason").value_or("");
        store.save_service(record);
    });
    rethrow_first(failures);

    json::ObjectPtr out = json::make_object();
    out->set("accounts", static_cast<int>(accounts.size()));
    return out;
}

}  // namespace embyprov::hooks
