// change_password: the main account's new password works at once, the old
// one does not, and the account's other sign-ins end (the server revokes
// them with the change).
#include "error.hpp"
#include "hooks.hpp"
#include "password.hpp"
#include "policy_rules.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

json::ObjectPtr change_password(Call& call)
{
    const std::string sid = call.service_id();
    const std::string password = json::get_text(*call.params, "password").value_or("");
    if (auto problem = password_problem(password); !problem.empty())
        throw_invalid("cannot change the password: " + problem);
    Store& store = call.store();
    ServiceRecord record = require_live_service(store, sid);
    EmbyClient client = call.client();

    try {
        client.set_password(record.user_id, password, false);
    } catch (const PasswordLeftBlank& e) {
        // The server cleared the password but refused the new one. Close the
        // door until a retry succeeds: disable the account and remember why.
        std::string note = "the account was disabled until the password can be set";
        try {
            update_policy(client, record.user_id, [](const UserDto&, json::Object& policy) {
                set_disabled(policy, true);
                return true;
            });
            record.password_locked = true;
            store.save_service(record);
        } catch (const std::exception&) {
            note = "the account could not be disabled either; retry now";
        }
        throw Error(e.code(), std::string(e.what()) + "; " + note);
    }

    if (record.password_locked) {
        if (record.status == status::kActive)
            update_policy(client, record.user_id, [](const UserDto& user, json::Object& policy) {
                if (!user.is_disabled)
                    return false;
                set_disabled(policy, false);
                return true;
            });
        record.password_locked = false;
        store.save_service(record);
    }
    return json::make_object();
}

}  // namespace embyprov::hooks
