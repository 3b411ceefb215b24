#include "hooks.hpp"

namespace embyprov::hooks {

const std::vector<HookEntry>& all()
{
    static const std::vector<HookEntry> table = {
        {"meta_data", meta_data},
        {"config_options", config_options},
        {"test_connection", test_connection},
        {"create_account", create_account},
        {"suspend_account", suspend_account},
        {"unsuspend_account", unsuspend_account},
        {"terminate_account", terminate_account},
        {"change_password", change_password},
        {"change_package", change_package},
        {"drop_devices", drop_devices},
        {"usage_update", usage_update},
        {"list_accounts", list_accounts},
        {"admin_services_tab", admin_services_tab},
        {"client_area", client_area},
    };
    return table;
}

const HookEntry* find(const std::string& name)
{
    for (const auto& entry : all())
        if (name == entry.name)
            return &entry;
    return nullptr;
}

}  // namespace embyprov::hooks
