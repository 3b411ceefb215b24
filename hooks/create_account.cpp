// create_account: user, password and full policy as one unit. A half-made
// user is removed, so no account ever stays with a blank password; a second
// call for the same service converges instead of duplicating.
#include <algorithm>

#include "error.hpp"
#include "hooks.hpp"
#include "parallel.hpp"
#include "password.hpp"
#include "policy_rules.hpp"
#include "product.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

namespace {

struct Plan {
    ProductSettings product;
    std::string username;
    std::string password;
    bool generated = false;
    LibraryGrant grant;
    json::ObjectPtr template_policy;  ///< null: start from the new user's own
};

Plan make_plan(Call& call)
{
    Plan p;
    p.product = ProductSettings::from(*call.params);
    p.username = json::get_text(*call.params, "username").value_or("");
    if (auto problem = username_problem(p.username); !problem.empty())
        throw_invalid("cannot create the account: " + problem);
    p.password = json::get_text(*call.params, "password").value_or("");
    if (p.password.empty()) {
        p.password = generate_password();
        p.generated = true;
    } else if (auto problem = password_problem(p.password); !problem.empty()) {
        throw_invalid("cannot create the account: " + problem);
    }
    call.log.secrets().add(p.password);
    return p;
}

/// Libraries and the template user are independent lookups: fetch them
/// side by side, and validate the product before anything is created.
void resolve_plan(Call& call, EmbyClient& client, Plan& p)
{
    std::vector<VirtualFolderInfo> libraries;
    std::optional<UserDto> tmpl;
    const bool need_libraries = !p.product.libraries.empty();
    const bool need_template = !p.product.template_user.empty();
    auto failures = run_parallel(2, call.max_parallel(), [&](std::size_t i) {
        if (i == 0 && need_libraries)
            libraries = client.list_libraries();
        if (i == 1 && need_template)
            tmpl = client.find_user_by_name(p.product.template_user);
    });
    rethrow_first(failures);
    p.grant = resolve_libraries(p.product.libraries, libraries);
    if (need_template) {
        if (!tmpl)
            throw_invalid("the product's template user '" + p.product.template_user +
                          "' does not exist on the server");
        p.template_policy = copy_policy(*tmpl->policy);
    }
}

/// Password and policy go to different resources of one user: in parallel.
void finish_user(Call& call, EmbyClient& client, const UserDto& user, const Plan& p,
                 bool blank_password, bool disabled)
{
    json::ObjectPtr base = p.template_policy ? p.template_policy : user.policy;
    if (base->size() == 0) {  // a server that left the policy out of its answer
        auto fresh = client.find_user(user.id);
        if (!fresh)
            throw Error(EMBYPROV_EREMOTE, "the new user vanished from the server");
        base = fresh->policy;
    }
    json::ObjectPtr policy = copy_policy(*base);
    apply_product(*policy, p.product, p.grant, client.flavour());
    set_disabled(*policy, disabled);
    auto failures = run_parallel(2, call.max_parallel(), [&](std::size_t i) {
        if (i == 0)
            client.set_password(user.id, p.password, blank_password);
        else
            client.set_policy(user.id, *policy);
    });
    rethrow_first(failures);
}

json::ObjectPtr success(const ServiceRecord& r, const Plan& p, bool converged)
{
    json::ObjectPtr out = json::make_object();
    out->set("user_id", r.user_id);
    out->set("username", r.username);
    if (p.generated)
        out->set("password", p.password);
    if (converged)
        out->set("converged", true);
    return out;
}

/// The user this service already has on the server, if any.
std::optional<UserDto> existing_user(EmbyClient& client, const std::optional<ServiceRecord>& r)
{
    if (!r || r->user_id.empty() || r->status == status::kTerminated)
        return std::nullopt;
    return client.find_user(r->user_id);
}

/// After a duplicate-name answer: adopt the user only when an earlier
/// attempt of this very service created it and lost its id (the record says
/// "creating", the user has no password, and no service owns it).
std::optional<UserDto> adoptable(Call& call, EmbyClient& client, const std::optional<ServiceRecord>& before,
                                 const std::string& username)
{
    if (!before || before->status != status::kCreating)
        return std::nullopt;
    auto user = client.find_user_by_name(username);
    if (!user || user->is_administrator || user->has_configured_password)
        return std::nullopt;
    if (call.store().service_by_user(user->id))
        return std::nullopt;
    return user;
}

}  // namespace

json::ObjectPtr create_account(Call& call)
{
    const std::string sid = call.service_id();
    Plan plan = make_plan(call);
    EmbyClient client = call.client(plan.product.flavour);
    Store& store = call.store();
    const std::optional<ServiceRecord> before = store.service(sid);

    resolve_plan(call, client, plan);

    // Converge: the service already has its user; make it match again.
    if (auto user = existing_user(client, before)) {
        ServiceRecord r = *before;
        const bool suspended = r.status == status::kSuspended;
        finish_user(call, client, *user, plan, !user->has_configured_password, suspended);
        if (r.status == status::kCreating)
            r.status = status::kActive;
        r.password_locked = false;
        store.save_service(r);
        return success(r, plan, true);
    }

    ServiceRecord r;
    r.service_id = sid;
    r.server = client.server().endpoint.key();
    r.username = plan.username;
    r.status = status::kCreating;
    if (before && before->status != status::kTerminated)
        r.created_at = before->created_at;
    store.save_service(r);  // the intent, before anything exists remotely

    UserDto user;
    try {
        user = client.create_user(plan.username);
    } catch (const RemoteError& e) {
        if (e.status() != 400)
            throw;
        auto adopted = adoptable(call, client, before, plan.username);
        if (!adopted) {
            if (client.find_user_by_name(plan.username))
                throw Error(EMBYPROV_EEXISTS, "the username '" + plan.username +
                                                  "' is already taken on the media server");
            throw;
        }
        user = *adopted;
    }

    try {
        r.user_id = user.id;
        store.save_service(r);
        finish_user(call, client, user, plan, true, false);
        r.status = status::kActive;
        store.save_service(r);
    } catch (const Error& e) {
        // Roll back: a user without its password and policy must not stay.
        std::string note;
        try {
            client.delete_user(user.id);
            r.user_id.clear();
            store.save_service(r);
        } catch (const std::exception&) {
            note = "; the half-created user could not be removed yet, calling create again will "
                   "finish or replace it";
        }
        throw Error(e.code(), std::string("creating the account failed: ") + e.what() + note);
    }
    return success(r, plan, false);
}

}  // namespace embyprov::hooks
