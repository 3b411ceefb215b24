// list_accounts: the server's non-admin users, for importing existing
// accounts into billing, each with the service that owns it (if any).
#include "hooks.hpp"

namespace embyprov::hooks {

namespace {

/// "2026-01-02T03:04:05.123Z" -> "2026-01-02 03:04:05" (WHMCS's format).
std::string panel_date(const std::string& iso)
{
    if (iso.size() < 19)
        return iso;
    std::string out = iso.substr(0, 19);
    out[10] = ' ';
    return out;
}

}  // namespace

json::ObjectPtr list_accounts(Call& call)
{
    EmbyClient client = call.client();
    const auto owners = call.store().owners_on(client.server().endpoint.key());  // one lookup, not one a user
    json::ArrayPtr accounts = new json::Array;
    for (const auto& user : client.list_users()) {
        if (user.is_administrator)
            continue;
        json::ObjectPtr a = json::make_object();
        a->set("username", user.name);
        a->set("uniqueIdentifier", user.name);
        a->set("user_id", user.id);
        a->set("status", user.is_disabled ? "Suspended" : "Active");
        a->set("created", panel_date(user.date_created));
        if (auto owner = owners.find(user.id); owner != owners.end())
            a->set("serviceid", owner->second);
        else
            a->set("serviceid", Poco::Dynamic::Var());
        accounts->add(a);
    }
    json::ObjectPtr out = json::make_object();
    out->set("accounts", accounts);
    return out;
}

}  // namespace embyprov::hooks
