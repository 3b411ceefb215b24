#include "client_connect.hpp"

#include <Poco/String.h>

#include "text_rules.hpp"

namespace embyprov {

std::string check_connect_request(ClientArea& ca, const std::string& user_id, const std::string& wanted)
{
    const std::string name = Poco::trim(wanted);
    if (name.empty())
        return name;
    if (!ca.connect_available())
        ca.fail(EMBYPROV_EUNSUPPORTED, "error.connect_unavailable");
    if (name.size() > 320 || name.find_first_of(" \t\r\n<>\"'") != std::string::npos)
        ca.fail(EMBYPROV_EINVALID, "error.connect_invalid");
    if (has_control_characters(name))
        ca.fail(EMBYPROV_EINVALID, "error.connect_invalid");
    if (auto owner = ca.call.store().connect_owner(name); owner && *owner != user_id)
        ca.fail(EMBYPROV_EEXISTS, "error.connect_taken");
    return name;
}

ConnectChange apply_connect(ClientArea& ca, const std::string& user_id, const std::string& current,
                            const std::string& wanted)
{
    if (Poco::icompare(current, wanted) == 0)
        return ConnectChange::Unchanged;
    try {
        if (wanted.empty()) {
            ca.client.unlink_connect(user_id);
            return ConnectChange::Unlinked;
        }
        return ca.client.link_connect(user_id, wanted).is_pending ? ConnectChange::Pending
                                                                  : ConnectChange::Linked;
    } catch (const RemoteError& e) {
        switch (e.status()) {
        case 409: ca.fail(EMBYPROV_EEXISTS, "error.connect_taken");
        case 400: ca.fail(EMBYPROV_EINVALID, "error.connect_inactive");
        case 404:
        case 500: ca.fail(EMBYPROV_EINVALID, "error.connect_unknown", {{"name", wanted}});
        case 502:
        case 503: ca.fail(EMBYPROV_EREMOTE, "error.connect_unreachable");
        default: throw;
        }
    }
}

void remember_pending(std::string& pending_since, ConnectChange change)
{
    if (change == ConnectChange::Pending)
        pending_since = Store::timestamp();
    else if (change != ConnectChange::Unchanged)
        pending_since.clear();
}

std::string connect_message(const ClientArea& ca, ConnectChange change, const std::string& name)
{
    switch (change) {
    case ConnectChange::Linked: return ca.tr.format("connect.linked_now", {{"name", name}});
    case ConnectChange::Pending: return ca.tr.format("connect.pending", {{"name", name}});
    case ConnectChange::Unlinked: return ca.tr.text("connect.unlinked");
    default: return {};
    }
}

}  // namespace embyprov
