// create_account: user, password and full policy as one unit, created under
// a recorded pending name and renamed to the customer's only once complete
// (owned_user.hpp). A half-made user is removed or, if the server cannot be
// reached, finished or removed by the next call; a second call for the same
// service converges instead of duplicating.

#include "error.hpp"
#include "hooks.hpp"
#include "operation.hpp"
#include "owned_user.hpp"
#include "password.hpp"
#include "policy_rules.hpp"
#include "product.hpp"
#include "service_accounts.hpp"
#include "user_provisioning.hpp"

namespace embyprov::hooks {

namespace {

NewUser make_spec(Call& call, bool& generated)
{
    NewUser spec;
    spec.product = ProductSettings::from(*call.params);
    spec.username = json::get_text(*call.params, "username").value_or("");
    if (auto problem = username_problem(spec.username); !problem.empty())
        throw_invalid("cannot create the account: " + problem);
    spec.password = json::get_text(*call.params, "password").value_or("");
    generated = spec.password.empty();
    if (generated)
        spec.password = generate_password();
    else if (auto problem = password_problem(spec.password); !problem.empty())
        throw_invalid("cannot create the account: " + problem);
    if (generated)
        call.log.disclose(spec.password);  // the result hands it to the host
    else
        call.log.secrets().add(spec.password);
    return spec;
}

json::ObjectPtr success(const ServiceRecord& r, const NewUser& spec, bool generated, bool converged)
{
    json::ObjectPtr out = json::make_object();
    out->set("user_id", r.user_id);
    out->set("username", r.username);
    if (generated)
        out->set("password", spec.password);
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

}  // namespace

json::ObjectPtr create_account(Call& call)
{
    Operation op(call, operation_kind::kCreate);
    const std::string sid = op.service_id();
    bool generated = false;
    NewUser spec = make_spec(call, generated);
    EmbyClient client = call.client(spec.product.flavour);
    Store& store = call.store();
    const std::optional<ServiceRecord> before = store.service(sid);

    prepare_new_user(call, client, spec);

    // Converge: the service already has its user; make it match again.
    if (auto user = existing_user(client, before)) {
        ServiceRecord r = *before;
        spec.disabled = r.status == status::kSuspended;
        complete_user(call, client, *user, spec, !user->has_configured_password);
        if (r.status == status::kCreating)
            r.status = status::kActive;
        r.password_locked = false;
        r.device_limit = spec.product.enforced_device_limit();
        op.complete([&] { store.save_service(r); });
        return success(r, spec, generated, true);
    }

    ServiceRecord r;
    r.service_id = sid;
    r.server = client.server().endpoint.key();
    r.username = spec.username;
    r.status = status::kCreating;
    r.device_limit = spec.product.enforced_device_limit();
    if (before && before->status != status::kTerminated)
        r.created_at = before->created_at;
    store.save_service(r);  // the intent, before anything exists remotely

    try {
        create_owned_user(call, client, op, spec, {}, [&](const UserDto& user) {
            r.user_id = user.id;
            r.status = status::kActive;
            store.save_service(r);
        });
    } catch (const Error& e) {
        if (e.code() == EMBYPROV_EEXISTS)
            throw;
        throw Error(e.code(), std::string("creating the account failed: ") + e.what());
    }
    return success(r, spec, generated, false);
}

}  // namespace embyprov::hooks
