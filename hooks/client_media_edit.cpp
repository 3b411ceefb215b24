// Client area: the edit page of a media account and saving it: enabled or
// not, a new password, hidden libraries, Emby Connect. Everything the
// customer typed is checked before anything changes.
#include <Poco/String.h>

#include "client_actions.hpp"
#include "client_connect.hpp"
#include "service_accounts.hpp"

namespace embyprov::hooks::client {

json::ObjectPtr media_edit_form(ClientArea& ca)
{
    return ca.media_edit_page(ca.owned_media(ca.field("user_id")), "", false);
}

json::ObjectPtr media_edit(ClientArea& ca)
{
    MediaAccountRecord m = ca.owned_media(ca.field("user_id"));
    const bool enabled = ca.flag_field("enabled");
    const std::string password = ca.field("password");
    if (!password.empty())
        if (auto problem = ca.password_problem_text(password); !problem.empty())
            throw CustomerError(EMBYPROV_EINVALID, problem);
    const std::vector<std::string> hidden = ca.chosen_exclusions();
    const std::string connect = check_connect_request(ca, m.user_id, ca.field("connect_email"));
    const LibraryGrant grant =
        narrow_grant(resolve_libraries(ca.product.libraries, ca.libraries()), hidden, ca.libraries());
    const Flavour flavour = ca.client.flavour();

    // The step most likely to be refused for what was typed goes first, and
    // is recorded at once: the Connect rule is checked against the records.
    const ConnectChange change = apply_connect(ca, m.user_id, m.connect_email, connect);
    if (change != ConnectChange::Unchanged) {
        m.connect_email = connect;
        remember_pending(m.connect_pending_since, change);
        ca.call.store().save_media_account(m);
    }
    if (!password.empty()) {
        try {
            ca.client.set_password(m.user_id, password, false);
        } catch (const PasswordLeftBlank&) {
            // The old password is gone and the new one was refused: keep the
            // account closed until the owner sets a password again.
            m.enabled = false;
            ca.call.store().save_media_account(m);
            update_policy(ca.client, m.user_id, [](const UserDto&, json::Object& policy) {
                set_disabled(policy, true);
                return true;
            });
            throw;
        }
    }
    m.enabled = enabled;
    m.disabled_libraries = hidden;
    update_policy(ca.client, m.user_id, [&](const UserDto&, json::Object& policy) {
        apply_product(policy, ca.product, grant, flavour);
        set_disabled(policy, should_be_disabled(ca.service, Account{m.user_id, m.username, &m}));
        return true;
    });
    ca.call.store().save_media_account(m);
    ca.forget_media();
    std::string message = ca.tr.format("media.saved", {{"username", m.username}});
    if (auto note = connect_message(ca, change, connect); !note.empty())
        message += " " + note;
    return ca.done(message);
}

}  // namespace embyprov::hooks::client
