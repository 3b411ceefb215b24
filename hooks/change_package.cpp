// change_package: re-apply the (new) product to the main account and every
// media account. Media accounts beyond the new quota are disabled, newest
// first (by creation sequence), never deleted; an upgrade gives them back.
// A policy the product leaves as it is gets no write.
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
    std::vector<VirtualFolderInfo> libraries;
    if (!product.libraries.empty() || any_narrowed)
        libraries = client.list_libraries();
    const LibraryGrant grant = resolve_libraries(product.libraries, libraries);

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
    // Which accounts are over quota is recorded before the server hears of it.
    if (!changed.empty())
        store.transaction([&] {
            for (const MediaAccountRecord* m : changed)
                store.save_media_account(*m);
        });

    auto failures = call.parallel(accounts.size(), [&](std::size_t i) {
        const Account& a = accounts[i];
        const LibraryGrant g = a.media ? narrow_grant(grant, a.media->disabled_libraries, libraries) : grant;
        update_policy(client, a.user_id, [&](const UserDto& user, json::Object& policy) {
            const std::string before = stored_form(policy, flavour);
            apply_product(policy, product, g, flavour);
            set_disabled(policy, should_be_disabled(record, a, a.is_main() && user.is_disabled));
            return stored_form(policy, flavour) != before;  // unchanged: no write
        });
    });
    rethrow_first(failures);

    json::ObjectPtr out = json::make_object();
    out->set("accounts", static_cast<int>(accounts.size()));
    out->set("disabled_over_quota", over_quota);
    return out;
}

}  // namespace embyprov::hooks
