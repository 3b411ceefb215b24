// change_password: the main account's new password works at once, the old
// one does not, and the account's other sign-ins end (the server revokes
// them with the change).
#include "account_password.hpp"
#include "error.hpp"
#include "hooks.hpp"
#include "operation.hpp"
#include "password.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks {

json::ObjectPtr change_password(Call& call)
{
    Operation op(call, "change_password");
    const std::string sid = op.service_id();
    const std::string password = json::get_text(*call.params, "password").value_or("");
    if (auto problem = password_problem(password); !problem.empty())
        throw_invalid("cannot change the password: " + problem);
    ServiceRecord record = require_live_service(call.store(), sid);
    EmbyClient client = call.client();
    set_account_password(call.store(), client, record, password);
    return json::make_object();
}

}  // namespace embyprov::hooks
