// Every hook: a small function over the engine that takes a parsed call and
// returns its result object (without "result": the C layer adds it).
// A hook reports failure by throwing embyprov::Error.
#pragma once

#include <string>
#include <vector>

#include "call.hpp"

namespace embyprov::hooks {

using HookFn = json::ObjectPtr (*)(Call&);

struct HookEntry {
    const char* name;
    HookFn fn;
};

/// The hook table, in the order the header documents them.
const std::vector<HookEntry>& all();

/// nullptr for an unknown name.
const HookEntry* find(const std::string& name);

json::ObjectPtr meta_data(Call& call);
json::ObjectPtr config_options(Call& call);
json::ObjectPtr test_connection(Call& call);
json::ObjectPtr create_account(Call& call);
json::ObjectPtr suspend_account(Call& call);
json::ObjectPtr unsuspend_account(Call& call);
json::ObjectPtr terminate_account(Call& call);
json::ObjectPtr change_password(Call& call);
json::ObjectPtr change_package(Call& call);
json::ObjectPtr drop_devices(Call& call);
json::ObjectPtr usage_update(Call& call);
json::ObjectPtr list_accounts(Call& call);
json::ObjectPtr admin_services_tab(Call& call);
json::ObjectPtr client_area(Call& call);

}  // namespace embyprov::hooks
