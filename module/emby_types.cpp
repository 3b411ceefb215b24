#include "emby_types.hpp"

#include <algorithm>
#include <cctype>

#include <Poco/UTF8String.h>

#include "error.hpp"

namespace embyprov {

using json::remote_flag;
using json::remote_text;

const char* flavour_name(Flavour f)
{
    return f == Flavour::Jellyfin ? "jellyfin" : "emby";
}

PublicSystemInfo PublicSystemInfo::from(const json::Object& o)
{
    PublicSystemInfo i;
    i.id = remote_text(o, "Id");
    i.server_name = remote_text(o, "ServerName");
    i.version = remote_text(o, "Version");
    i.product_name = remote_text(o, "ProductName");
    i.flavour = i.product_name.find("Jellyfin") != std::string::npos ? Flavour::Jellyfin
                                                                     : Flavour::Emby;
    return i;
}

UserDto UserDto::from(const json::Object& o)
{
    UserDto u;
    u.id = remote_text(o, "Id");
    u.name = remote_text(o, "Name");
    if (u.id.empty())
        throw Error(EMBYPROV_EREMOTE, "the server sent a user without an Id");
    u.connect_user_name = remote_text(o, "ConnectUserName");
    u.connect_link_type = remote_text(o, "ConnectLinkType");
    u.has_configured_password = remote_flag(o, "HasConfiguredPassword",
                                            remote_flag(o, "HasPassword", false));
    u.date_created = remote_text(o, "DateCreated");
    u.last_login_date = remote_text(o, "LastLoginDate");
    u.last_activity_date = remote_text(o, "LastActivityDate");
    u.policy = json::get_object(o, "Policy");
    if (!u.policy)
        u.policy = json::make_object();
    u.configuration = json::get_object(o, "Configuration");
    u.is_disabled = remote_flag(*u.policy, "IsDisabled");
    u.is_administrator = remote_flag(*u.policy, "IsAdministrator");
    return u;
}

DeviceInfo DeviceInfo::from(const json::Object& o)
{
    DeviceInfo d;
    d.id = remote_text(o, "Id");
    d.name = remote_text(o, "Name");
    d.app_name = remote_text(o, "AppName");
    d.app_version = remote_text(o, "AppVersion");
    d.last_user_id = remote_text(o, "LastUserId");
    d.last_user_name = remote_text(o, "LastUserName");
    d.date_last_activity = remote_text(o, "DateLastActivity");
    return d;
}

SessionInfo SessionInfo::from(const json::Object& o)
{
    SessionInfo s;
    s.id = remote_text(o, "Id");
    s.user_id = remote_text(o, "UserId");
    s.user_name = remote_text(o, "UserName");
    s.device_id = remote_text(o, "DeviceId");
    s.device_name = remote_text(o, "DeviceName");
    s.client = remote_text(o, "Client");
    s.application_version = remote_text(o, "ApplicationVersion");
    s.last_activity_date = remote_text(o, "LastActivityDate");
    if (auto item = json::get_object(o, "NowPlayingItem"))
        s.now_playing = remote_text(*item, "Name");
    return s;
}

std::string VirtualFolderInfo::access_id() const
{
    if (!guid.empty())
        return guid;
    if (!item_id.empty())
        return item_id;
    return id;
}

VirtualFolderInfo VirtualFolderInfo::from(const json::Object& o)
{
    VirtualFolderInfo v;
    v.name = remote_text(o, "Name");
    v.id = remote_text(o, "Id");
    v.guid = remote_text(o, "Guid");
    v.item_id = remote_text(o, "ItemId");
    v.collection_type = remote_text(o, "CollectionType");
    return v;
}

UserLinkResult UserLinkResult::from(const json::Object& o)
{
    UserLinkResult r;
    r.is_pending = remote_flag(o, "IsPending");
    r.is_new_user_invitation = remote_flag(o, "IsNewUserInvitation");
    r.guest_display_name = remote_text(o, "GuestDisplayName");
    return r;
}

std::string decode_header_value(const std::string& stored)
{
    static const std::pair<const char*, char> entities[] = {
        {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&#x27;", '\''},
        {"&apos;", '\''}, {"&amp;", '&'}};
    std::string out;
    out.reserve(stored.size());
    for (std::size_t i = 0; i < stored.size();) {
        bool replaced = false;
        if (stored[i] == '&')
            for (const auto& [entity, ch] : entities) {
                const std::size_t n = std::char_traits<char>::length(entity);
                if (stored.compare(i, n, entity) == 0) {
                    out += ch;
                    i += n;
                    replaced = true;
                    break;
                }
            }
        if (!replaced)
            out += stored[i++];
    }
    return out;
}

bool same_user_name(const std::string& a, const std::string& b)
{
    return Poco::UTF8::icompare(a, b) == 0;
}

bool is_guid_text(const std::string& text)
{
    std::string t = text;
    if (t.size() >= 2 && ((t.front() == '{' && t.back() == '}') || (t.front() == '(' && t.back() == ')')))
        t = t.substr(1, t.size() - 2);
    auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    if (t.size() == 32)
        return std::all_of(t.begin(), t.end(), hex);
    if (t.size() != 36)
        return false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? t[i] != '-' : !hex(t[i]))
            return false;
    }
    return true;
}

}  // namespace embyprov
