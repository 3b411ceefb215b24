// unsuspend_account: put every account back to the state it had before the
// suspension. A media account its owner had disabled (or that a downgrade
// put over quota) stays disabled. The snapshot is kept until every account
// is back, so an interrupted unsuspend is finished by its retry, and a
// suspend that comes in between still knows the original states.
#include "hooks.hpp"
#include "operation.hpp"
#include "parallel.hpp"
#include "policy_rules.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

json::ObjectPtr unsuspend_account(Call& call)
{
    Operation op(call, "unsuspend");
    const std::string sid = op.service_id();
    Store& store = call.store();
    const ServiceRecord record = require_live_service(store, sid);
    const auto media = store.media_accounts(sid);
    const auto accounts = accounts_of(record, media);
    const std::map<std::string, bool> snapshot = store.snapshot(sid);
    EmbyClient client = call.client();
    client.flavour();

    ServiceRecord after = record;
    after.status = status::kActive;
    after.suspend_reason.clear();
    auto failures = call.parallel(accounts.size(), [&](std::size_t i) {
        const Account& a = accounts[i];
        auto remembered = snapshot.find(a.user_id);
        const bool disabled = should_be_disabled(after, a, remembered != snapshot.end() && remembered->second);
        update_policy(client, a.user_id, [&](const UserDto& user, json::Object& policy) {
            if (user.is_disabled == disabled)
                return false;
            set_disabled(policy, disabled);
            return true;
        });
    });
    rethrow_first(failures);
    store.transaction([&] {
        store.clear_snapshot(sid);
        store.save_service(after);
    });

    json::ObjectPtr out = json::make_object();
    out->set("accounts", static_cast<int>(accounts.size()));
    return out;
}

}  // namespace embyprov::hooks
