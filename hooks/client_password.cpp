// Client area: the customer changes the main account's password. The new
// one works at once; the result tells the host to store it as the
// service's password too.
#include "account_password.hpp"
#include "client_actions.hpp"

namespace embyprov::hooks::client {

json::ObjectPtr change_password(ClientArea& ca)
{
    const std::string password = ca.field("new_password");
    if (password != ca.field("confirm_password"))
        ca.fail(EMBYPROV_EINVALID, "error.password_mismatch");
    if (auto problem = ca.password_problem_text(password); !problem.empty())
        throw CustomerError(EMBYPROV_EINVALID, problem);
    ca.call.log.disclose(password);
    set_account_password(ca.call.store(), ca.client, ca.service, password);
    json::ObjectPtr page = ca.done(ca.tr.text("password.changed"));
    page->set("update_service_password", password);
    return page;
}

}  // namespace embyprov::hooks::client
