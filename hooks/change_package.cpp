// change_package: re-apply the (new) product to the main account and every
// media account. Media accounts beyond the new quota are disabled, newest
// first (by creation sequence), never deleted; an upgrade gives them back.
// A policy the product leaves as it is gets no write.
#include <future>

#include "hooks.hpp"
#include "operation.hpp"
#include "parallel.hpp"
#include "policy_rules.hpp"
#include "product.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

json::ObjectPtr change_package(Call& call)
{
    Operation op(call, "change_package");
    const std::string sid = op.service_id();
    const ProductSettings product = ProductSettings::from(*call.params);
    Store& store = call.store();
    ServiceRecord record = require_live_service(store, sid);
    std::vector<MediaAccountRecord> media = store.media_accounts(sid);  // oldest first
    EmbyClient client = call.client(product.flavour);
    const Flavour flavour = client.flavour();

    bool any_narrowed = false;
    for (const auto& m : media)
        any_narrowed = any_narrowed || !m.disabled_libraries.empty();
    const bool need_libraries = !product.libraries.empty() || any_narrowed;

    int over_quota = 0;
    std::vector<const MediaAccountRecord*> changed;
    for (std::size_t i = 0; i < media.size(); ++i) {
        const bool over = static_cast<int>(i) >= product.media_accounts;
        if (media[i].over_quota != over)
            changed.push_back(&media[i]);
        media[i].over_quota = over;
        over_quota += over ? 1 : 0;
    }
    const auto accounts = accounts_of(record, media);
    // The device limit the new product holds the accounts to (the daily run
    // reads it from the store).
    const bool new_limit = record.device_limit != product.enforced_device_limit();
    record.device_limit = product.enforced_device_limit();
    // Which accounts are over quota is recorded before the server hears of it.
    if (!changed.empty() || new_limit)
        store.transaction([&] {
            for (const MediaAccountRecord* m : changed)
                store.save_media_account(*m);
            if (new_limit)
                store.save_service(record);
        });

    // The library list is read beside the accounts (task 0, which a worker
    // always takes first): each account's write waits for it, its read does
    // not. A list that fails, or names a library the server lacks, stops
    // every write, as before.
    std::vector<VirtualFolderInfo> libraries;
    LibraryGrant grant;
    std::promise<void> listed;
    const std::shared_future<void> libraries_known = listed.get_future().share();
    auto failures = call.parallel(accounts.size() + 1, [&](std::size_t i) {
        if (i == 0) {
            try {
                if (need_libraries)
                    libraries = client.list_libraries();
                grant = resolve_libraries(product.libraries, libraries);
                listed.set_value();
            } catch (...) {
                listed.set_exception(std::current_exception());
                throw;
            }
            return;
        }
        const Account& a = accounts[i - 1];
        update_policy(
            client, a.user_id,
            [&](const UserDto& user, json::Object& policy) {
                const LibraryGrant g = a.media ? narrow_grant(grant, a.media->disabled_libraries, libraries) : grant;
                const std::string before = stored_form(policy, flavour);
                apply_product(policy, product, g, flavour);
                set_disabled(policy, should_be_disabled(record, a, a.is_main() && user.is_disabled));
                return stored_form(policy, flavour) != before;  // unchanged: no write
            },
            [&] { libraries_known.get(); });
    });
    rethrow_first(failures);

    json::ObjectPtr out = json::make_object();
    out->set("accounts", static_cast<int>(accounts.size()));
    out->set("disabled_over_quota", over_quota);
    return out;
}

}  // namespace embyprov::hooks
