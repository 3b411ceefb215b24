#include "service_accounts.hpp"

#include <cctype>

#include "error.hpp"

namespace embyprov {

ServiceRecord require_live_service(Store& store, const std::string& service_id)
{
    auto record = store.service(service_id);
    if (!record || (record->status == status::kCreating && record->user_id.empty()))
        throw Error(EMBYPROV_ENOTFOUND,
                    "service " + service_id + " has no Emby account yet; create it first");
    if (record->status == status::kTerminated)
        throw Error(EMBYPROV_ESTATE, "service " + service_id + " is terminated");
    if (record->status == status::kCreating)
        throw Error(EMBYPROV_ESTATE,
                    "service " + service_id + " was not created completely; run create again");
    return *record;
}

std::vector<Account> accounts_of(const ServiceRecord& service,
                                 const std::vector<MediaAccountRecord>& media)
{
    std::vector<Account> out;
    if (!service.user_id.empty())
        out.push_back({service.user_id, service.username, nullptr});
    for (const auto& m : media)
        out.push_back({m.user_id, m.username, &m});
    return out;
}

std::set<std::string> account_ids(const ServiceRecord& service,
                                  const std::vector<MediaAccountRecord>& media)
{
    std::set<std::string> out;
    for (const auto& a : accounts_of(service, media))
        out.insert(normalize_id(a.user_id));
    return out;
}

bool should_be_disabled(const ServiceRecord& service, const Account& account, bool otherwise)
{
    if (service.status == status::kSuspended)
        return true;
    if (account.is_main())
        return service.password_locked || otherwise;
    return !account.media->enabled || account.media->over_quota || otherwise;
}

UserDto require_user(EmbyClient& client, const std::string& user_id)
{
    auto user = client.find_user(user_id);
    if (!user)
        throw Error(EMBYPROV_ENOTFOUND, "the Emby user " + user_id + " no longer exists on the server");
    return std::move(*user);
}

UserDto update_policy(EmbyClient& client, const std::string& user_id,
                      const std::function<bool(const UserDto&, json::Object&)>& edit,
                      const std::function<void()>& after_read)
{
    UserDto user = require_user(client, user_id);
    if (after_read)
        after_read();
    json::ObjectPtr policy = user.policy;
    if (edit(user, *policy))
        client.set_policy(user_id, *policy);
    return user;
}

std::string normalize_id(const std::string& id)
{
    std::string out;
    for (unsigned char c : id)
        if (c != '-')
            out += static_cast<char>(std::tolower(c));
    return out;
}

}  // namespace embyprov
