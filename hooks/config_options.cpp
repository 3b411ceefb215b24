#include "hooks.hpp"
#include "product.hpp"

namespace embyprov::hooks {

json::ObjectPtr config_options(Call&)
{
    json::ArrayPtr options = new json::Array;
    for (const auto& def : config_option_defs()) {
        json::ObjectPtr o = json::make_object();
        o->set("key", def.key);
        o->set("FriendlyName", def.friendly_name);
        o->set("Type", def.type);
        if (*def.options)
            o->set("Options", def.options);
        o->set("Default", def.default_value);
        o->set("Description", def.description);
        if (def.size > 0)
            o->set("Size", def.size);
        options->add(o);
    }
    json::ObjectPtr out = json::make_object();
    out->set("options", options);
    return out;
}

}  // namespace embyprov::hooks
