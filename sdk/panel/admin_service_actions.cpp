// Admin: the module's buttons on a service. Each posts here, calls one hook
// with the WHMCS-shaped params, records what the panel must remember (status,
// a generated or changed password, the new product), and shows the hook's
// own message on the service page.
#include <Poco/JSON/Array.h>

#include "html.hpp"
#include "module_params.hpp"
#include "pages.hpp"

namespace panel {

namespace {

using html::esc;

/// Counts a hook returns, in words (the rest of the result is for machines).
std::string counts(const HookResult& r)
{
    static const std::pair<const char*, const char*> labels[] = {
        {"accounts", "account(s)"}, {"removed", "user(s) removed"}, {"devices", "device(s) signed out"},
        {"disabled_over_quota", "media account(s) disabled over quota"}};
    std::string out;
    for (const auto& [key, label] : labels) {
        if (!r.json->has(key))
            continue;
        const Poco::Dynamic::Var v = r.json->get(key);
        if (v.isNumeric())
            out += std::string(out.empty() ? "" : ", ") + v.convert<std::string>() + " " + label;
    }
    return out;
}

std::string usage_details(const HookResult& r, long long service_id)
{
    auto services = r.json->getArray("services");
    for (std::size_t i = 0; services && i < services->size(); ++i) {
        auto row = services->getObject(static_cast<unsigned>(i));
        if (!row || !row->has("serviceid") || row->get("serviceid").convert<std::string>() != std::to_string(service_id))
            continue;
        auto value = [&](const char* key) {
            return row->has(key) ? esc(row->get(key).convert<std::string>()) : std::string("-");
        };
        return "<dl class=\"fields\" id=\"usage\" data-test=\"usage\"><dt>Devices</dt><dd data-field=\"devices\">" +
               value("devices") + "</dd><dt>Active streams</dt><dd data-field=\"active_streams\">" +
               value("active_streams") + "</dd><dt>Media accounts</dt><dd data-field=\"media_accounts\">" +
               value("media_accounts") + "</dd><dt>Status</dt><dd data-field=\"status\">" + value("status") +
               "</dd></dl>";
    }
    return "<p id=\"usage-none\">The module reports no usage for this service (it may not be created yet).</p>";
}

void run_action(Panel& panel, Exchange& ex, const std::string& action)
{
    auto session = admin_session(panel, ex);
    if (!session)
        return;
    auto bundle = load_bundle(panel.store, capture_id(ex));
    if (!bundle)
        return send_error_page(ex.response, 404, "Not found", "There is no such service.");
    const long long id = bundle->service.id;
    const std::string back = "/admin/services/" + std::to_string(id);
    auto done = [&](Flash flash) {
        panel.admin_sessions.set_flash(session->id, std::move(flash));
        redirect(ex.response, back);
    };

    Poco::JSON::Object::Ptr params = service_params(*bundle);
    std::string hook, label;
    std::string new_password;
    std::optional<Product> new_product;
    if (action == "create") {
        hook = "create_account";
        label = "Create";
    } else if (action == "suspend") {
        hook = "suspend_account";
        label = "Suspend";
        params->set("suspendreason", ex.field("suspendreason"));
    } else if (action == "unsuspend") {
        hook = "unsuspend_account";
        label = "Unsuspend";
    } else if (action == "terminate") {
        hook = "terminate_account";
        label = "Terminate";
    } else if (action == "change-password") {
        hook = "change_password";
        label = "Change password";
        new_password = ex.raw_field("new_password");
        if (new_password.empty())
            return done({false, "Change password: enter the new password.", ""});
        params->set("password", new_password);
    } else if (action == "change-package") {
        hook = "change_package";
        label = "Change package";
        const std::string pid = ex.field("product_id");
        if (!pid.empty() && pid.size() <= 18 && pid.find_first_not_of("0123456789") == std::string::npos)
            new_product = panel.store.product(std::stoll(pid));
        if (!new_product)
            return done({false, "Change package: choose a product.", ""});
        bundle->product = *new_product;
        params = service_params(*bundle);
    } else if (action == "drop-devices") {
        hook = "drop_devices";
        label = "Drop devices";
    } else {  // usage: a server-wide hook; the page shows this service's row
        const HookResult r = panel.module.call("usage_update", *server_params(bundle->server));
        Flash flash = hook_flash(panel.module, "Usage", r);
        if (r.ok())
            flash.detail_html = usage_details(r, id);
        return done(flash);
    }

    const HookResult r = panel.module.call(hook, *params);
    Flash flash = hook_flash(panel.module, label, r);
    if (r.ok()) {
        const std::string extra = counts(r);
        if (!extra.empty())
            flash.text += " (" + extra + ")";
        if (action == "create") {
            // A create that converged on a suspended service keeps it suspended.
            if (!r.json->optValue<bool>("converged", false) || bundle->service.status == "Pending")
                panel.store.set_service_status(id, "Active");
            if (!r.text("username").empty())
                panel.store.set_service_username(id, r.text("username"));
            if (!r.text("password").empty()) {
                // The module generated it; the customer sees it in the client area.
                panel.store.set_service_password(id, r.text("password"));
                flash.text += ". The module generated a password; the customer can reveal it in the client area.";
            }
        } else if (action == "suspend") {
            panel.store.set_service_status(id, "Suspended");
        } else if (action == "unsuspend") {
            panel.store.set_service_status(id, "Active");
        } else if (action == "terminate") {
            panel.store.set_service_status(id, "Terminated");
        } else if (action == "change-password") {
            panel.store.set_service_password(id, new_password);
        } else if (action == "change-package") {
            panel.store.set_service_product(id, new_product->id);
            flash.text += ". The service now has product " + new_product->name + ".";
        }
    }
    done(flash);
}

}  // namespace

void add_service_action_routes(Router& router, Panel& panel)
{
    router.add("POST",
               "/admin/services/([0-9]{1,18})/"
               "(create|suspend|unsuspend|terminate|change-password|change-package|drop-devices|usage)",
               [&panel](Exchange& ex) { run_action(panel, ex, ex.captures.at(1)); });
}

}  // namespace panel
