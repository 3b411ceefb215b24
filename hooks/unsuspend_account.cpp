// unsuspend_account: put every account back to the state it had before the
// suspension. A media account its owner had disabled (or that a downgrade
// put over quota) stays disabled.
#include "hooks.hpp"
#include "parallel.hpp"
#include "policy_rules.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

json::ObjectPtr unsuspend_account(Call& call)
{
    const std::string sid = call.service_id();
    Store& store = call.store();
    ServiceRecord record = require_live_service(store, sid);
    const auto media = store.media_accounts(sid);
    const auto accounts = accounts_of(record, media);
    const std::map<std::string, bool> snapshot = store.snapshot(sid);
    EmbyClient client = call.client();
    client.flavour();

    auto failures = run_parallel(accounts.size(), call.max_parallel(), [&](std::size_t i) {
        const Account& a = accounts[i];
        auto remembered = snapshot.find(a.user_id);
        bool disabled = remembered != snapshot.end() && remembered->second;
        if (a.media)
            disabled = disabled || a.media->should_be_disabled();
        update_policy(client, a.user_id, [&](const UserDto& user, json::Object& policy) {
            if (user.is_disabled == disabled)
                return false;
            set_disabled(policy, disabled);
            return true;
        });
    });
    // Keep the snapshot until every account is back: a retry needs it.
    rethrow_first(failures);
    store.transaction([&] {
        store.clear_snapshot(sid);
        record.status = status::kActive;
        record.suspend_reason.clear();
        store.save_service(record);
    });

    json::ObjectPtr out = json::make_object();
    out->set("accounts", static_cast<int>(accounts.size()));
    return out;
}

}  // namespace embyprov::hooks
