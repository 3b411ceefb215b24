// admin_services_tab: what the module knows about a service, for the admin's
// service page. Local data only: rendering an admin page never waits on the
// media server.
#include "hooks.hpp"

namespace embyprov::hooks {

json::ObjectPtr admin_services_tab(Call& call)
{
    const std::string sid = call.service_id();
    Store& store = call.store();
    json::ObjectPtr fields = json::make_object();
    auto record = store.service(sid);
    if (!record) {
        fields->set("Emby account", "not created yet");
    } else {
        fields->set("Emby user id", record->user_id.empty() ? "-" : record->user_id);
        fields->set("Emby username", record->username);
        fields->set("Module status", record->status);
        if (!record->suspend_reason.empty())
            fields->set("Suspension reason", record->suspend_reason);
        fields->set("Media accounts", static_cast<int>(store.media_accounts(sid).size()));
        fields->set("Created", record->created_at);
        if (!record->terminated_at.empty())
            fields->set("Terminated", record->terminated_at);
        std::string history;
        for (const auto& e : store.audit_for(sid, 5))
            history += e.at + " " + e.hook + ": " + (e.outcome == "success" ? "ok" : e.message) + "\n";
        fields->set("Recent module calls", history);
    }
    json::ObjectPtr out = json::make_object();
    out->set("fields", fields);
    return out;
}

}  // namespace embyprov::hooks
