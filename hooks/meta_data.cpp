#include "hooks.hpp"

namespace embyprov::hooks {

json::ObjectPtr meta_data(Call&)
{
    json::ObjectPtr out = json::make_object();
    out->set("DisplayName", "Emby / Jellyfin");
    out->set("APIVersion", "1.1");
    out->set("RequiresServer", true);
    out->set("DefaultNonSSLPort", "8096");
    out->set("DefaultSSLPort", "8920");
    out->set("ListAccountsUniqueIdentifierDisplayName", "Username");
    out->set("ListAccountsUniqueIdentifierField", "username");
    out->set("version", EMBYPROV_VERSION_STRING);
    out->set("abi", EMBYPROV_ABI_VERSION);
    json::ArrayPtr names = new json::Array;
    for (const auto& entry : all())
        names->add(entry.name);
    out->set("hooks", names);
    return out;
}

}  // namespace embyprov::hooks
