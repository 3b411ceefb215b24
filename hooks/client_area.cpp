// client_area: the customer's pages and actions. Every action that changes
// something (or reveals the password) carries the host's CSRF token; every
// account it names must belong to this service; bad input gets a message
// in the customer's language and changes nothing. Whatever happens, the
// result holds a page to show.
#include <optional>

#include "client_actions.hpp"
#include "hooks.hpp"
#include "operation.hpp"

namespace embyprov::hooks {

namespace {

struct ClientAction {
    const char* name;
    json::ObjectPtr (*fn)(ClientArea&);
    bool needs_token;
    bool changes;  ///< refused while the service is suspended
    const char* error_page;  ///< where a failure is shown: overview, media_edit, media_devices
};

const ClientAction kActions[] = {
    {"overview", client::overview, false, false, "overview"},
    {"reveal_password", client::reveal_password, true, false, "overview"},
    {"drop_devices", client::drop_devices, true, true, "overview"},
    {"change_password", client::change_password, true, true, "overview"},
    {"connect_link", client::connect_link, true, true, "overview"},
    {"media_add", client::media_add, true, true, "overview"},
    {"media_edit_form", client::media_edit_form, false, false, "overview"},
    {"media_edit", client::media_edit, true, true, "media_edit"},
    {"media_delete", client::media_delete, true, true, "overview"},
    {"media_devices", client::media_devices, false, false, "overview"},
    {"media_drop_devices", client::media_drop_devices, true, true, "media_devices"},
};

const ClientAction* find_action(const std::string& name)
{
    for (const auto& a : kActions)
        if (name == a.name)
            return &a;
    return nullptr;
}

/// The page that shows a failure: the one the customer came from when it
/// can still be drawn, else the overview, else a bare error page.
json::ObjectPtr failure_page(ClientArea& ca, const ClientAction* action, const std::string& text)
{
    try {
        const std::string page = action ? action->error_page : "overview";
        if (page != "overview") {
            const MediaAccountRecord m = ca.owned_media(ca.field("user_id"));
            return page == "media_edit" ? ca.media_edit_page(m, text, true) : ca.media_devices_page(m, text, true);
        }
        return ca.overview_page(false, text, true);
    } catch (const Error&) {
    }
    try {
        return ca.overview_page(false, text, true);
    } catch (const Error&) {
        return ca.error_page(text);
    }
}

}  // namespace

json::ObjectPtr client_area(Call& call)
{
    std::optional<Operation> op;
    std::optional<ClientArea> area;
    try {
        // An action that changes something runs as an Operation on the
        // service, taken before anything is read.
        const ClientAction* wanted = find_action(requested_action(call));
        if (wanted && wanted->changes)
            op.emplace(call, wanted->name);
        area.emplace(call);
    } catch (const Error& e) {
        return page_without_service(call, e);
    }
    ClientArea& ca = *area;
    const ClientAction* action = find_action(ca.action());
    // A page that only shows what is there leaves no trace in the audit
    // trail: else every page view would add a row.
    if (action && !action->needs_token)
        call.audited = false;
    try {
        if (!action)
            ca.fail(EMBYPROV_EINVALID, "error.unknown_action");
        if (action->needs_token)
            ca.require_token();
        if (action->changes && ca.suspended())
            ca.fail(EMBYPROV_ESTATE, "error.suspended");
        return action->fn(ca);
    } catch (const Error& e) {
        const std::string text = ca.customer_text(e);
        ca.forget_media();
        json::ObjectPtr page = failure_page(ca, action, text);
        page->set("error", text);
        page->set("code", static_cast<int>(e.code()));
        if (!dynamic_cast<const CustomerError*>(&e))
            page->set("detail", std::string(e.what()));  // for the panel's log, not the customer
        return page;
    }
}

}  // namespace embyprov::hooks
