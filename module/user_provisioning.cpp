#include "user_provisioning.hpp"

#include "error.hpp"
#include "parallel.hpp"

namespace embyprov {

void prepare_new_user(Call& call, EmbyClient& client, NewUser& spec,
                      const std::vector<std::string>& excluded_libraries)
{
    std::vector<VirtualFolderInfo> libraries;
    std::optional<UserDto> tmpl;
    const bool need_libraries = !spec.product.libraries.empty() || !excluded_libraries.empty();
    const bool need_template = !spec.product.template_user.empty();
    // The flavour is resolved once, before the workers start.
    if (auto problem = username_problem_on(spec.username, client.flavour()); !problem.empty())
        throw_invalid("cannot create the account: " + problem);
    rethrow_first(call.parallel(2, [&](std::size_t i) {
        if (i == 0 && need_libraries)
            libraries = client.list_libraries();
        if (i == 1 && need_template)
            tmpl = client.find_user_by_name(spec.product.template_user);
    }));
    spec.grant = narrow_grant(resolve_libraries(spec.product.libraries, libraries), excluded_libraries,
                              libraries);
    if (need_template) {
        if (!tmpl)
            throw_invalid("the product's template user '" + spec.product.template_user +
                          "' does not exist on the server");
        spec.base_policy = copy_policy(*tmpl->policy);
    }
}

void complete_user(Call& call, EmbyClient& client, const UserDto& user, const NewUser& spec,
                   bool password_is_blank)
{
    json::ObjectPtr own = user.policy;
    if (own->size() == 0) {  // a server that left the policy out of its answer
        auto fresh = client.find_user(user.id);
        if (!fresh)
            throw Error(EMBYPROV_EREMOTE, "the new user vanished from the server");
        own = fresh->policy;
    }
    json::ObjectPtr policy = copy_policy(spec.base_policy ? *spec.base_policy : *own);
    if (spec.base_policy)
        keep_own_sign_in_rules(*policy, *own, client.flavour());
    apply_product(*policy, spec.product, spec.grant, client.flavour());
    set_disabled(*policy, spec.disabled);
    rethrow_first(call.parallel(2, [&](std::size_t i) {
        if (i == 0)
            client.set_password(user.id, spec.password, password_is_blank);
        else
            client.set_policy(user.id, *policy);
    }));
}

}  // namespace embyprov
