// Client area: add a media account (household sub-account) named
// "<main username>-<name>", with a typed or generated password, some of the
// main account's libraries hidden, and optionally an Emby Connect link, all
// as one unit within the product's quota. The user is created under a
// recorded pending name and gets the customer's name only once complete.
#include <algorithm>
#include <cctype>

#include <Poco/String.h>

#include "client_actions.hpp"
#include "client_connect.hpp"
#include "password.hpp"
#include "operation.hpp"
#include "owned_user.hpp"

namespace embyprov::hooks::client {

namespace {

bool valid_name(const std::string& name)
{
    if (name.empty() || name.size() > 20)
        return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_';
    });
}

}  // namespace

json::ObjectPtr media_add(ClientArea& ca)
{
    const int quota = ca.product.media_accounts;
    if (static_cast<int>(ca.media().size()) >= quota)
        ca.fail(EMBYPROV_EQUOTA, "media.quota_full", {{"quota", std::to_string(quota)}});
    const std::string name = Poco::trim(ca.field("name"));
    if (!valid_name(name))
        ca.fail(EMBYPROV_EINVALID, "error.name_invalid");
    NewUser spec;
    spec.product = ca.product;
    spec.username = ca.service.username + "-" + name;
    if (!username_problem(spec.username).empty())
        ca.fail(EMBYPROV_EINVALID, "error.name_invalid");
    for (const auto& m : ca.media())
        if (same_user_name(m.username, spec.username))
            ca.fail(EMBYPROV_EEXISTS, "error.name_taken");
    spec.password = ca.field("password");
    const bool generated = spec.password.empty();
    if (generated)
        spec.password = generate_password();
    else if (auto problem = ca.password_problem_text(spec.password); !problem.empty())
        throw CustomerError(EMBYPROV_EINVALID, problem);
    const std::vector<std::string> hidden = ca.chosen_exclusions();
    const std::string connect = check_connect_request(ca, "", ca.field("connect_email"));

    prepare_new_user(ca.call, ca.client, spec, hidden);
    ConnectChange change = ConnectChange::Unchanged;
    try {
        // Under the service's lock (the Operation client_area runs this
        // action as), so the quota counted above still holds here.
        create_owned_user(
            ca.call, ca.client, *ca.call.operation, spec,
            [&](const UserDto& user) { change = apply_connect(ca, user.id, "", connect); },
            [&](const UserDto& user) {
                MediaAccountRecord m;
                m.user_id = user.id;
                m.service_id = ca.service.service_id;
                m.username = spec.username;
                m.disabled_libraries = hidden;
                m.connect_email = connect;
                remember_pending(m.connect_pending_since, change);
                ca.call.store().save_media_account(m);
            });
    } catch (const Error& e) {
        if (e.code() == EMBYPROV_EEXISTS && !dynamic_cast<const CustomerError*>(&e))
            ca.fail(EMBYPROV_EEXISTS, "error.name_taken");
        throw;
    }
    ca.forget_media();
    std::string message = generated
        ? ca.tr.format("media.added_password", {{"username", spec.username}, {"password", spec.password}})
        : ca.tr.format("media.added", {{"username", spec.username}});
    if (auto note = connect_message(ca, change, connect); !note.empty())
        message += " " + note;
    if (generated)
        ca.call.log.disclose(spec.password);  // the page shows it, once
    json::ObjectPtr page = ca.done(message);
    if (generated)  // so a host can keep it out of its logs
        page->set("generated_password", spec.password);
    return page;
}

}  // namespace embyprov::hooks::client
