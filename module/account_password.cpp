#include "account_password.hpp"

#include "policy_rules.hpp"
#include "service_accounts.hpp"

namespace embyprov {

void set_account_password(Store& store, EmbyClient& client, ServiceRecord& record,
                          const std::string& password)
{
    try {
        client.set_password(record.user_id, password, false);
    } catch (const PasswordLeftBlank& e) {
        // Close the door until a retry succeeds: disable, and remember why.
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
}

}  // namespace embyprov
