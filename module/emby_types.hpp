// Typed views of the Emby/Jellyfin objects the module reads. Each keeps only
// what the module uses; UserDto also keeps its raw Policy object because
// policies are written back whole (read-modify-write, never a blind write).
#pragma once

#include <string>
#include <vector>

#include "json_util.hpp"

namespace embyprov {

enum class Flavour { Emby, Jellyfin };

const char* flavour_name(Flavour f);

struct PublicSystemInfo {
    std::string id;
    std::string server_name;
    std::string version;
    std::string product_name;  ///< "Jellyfin Server" on Jellyfin, empty on Emby
    Flavour flavour = Flavour::Emby;

    static PublicSystemInfo from(const json::Object& o);
};

struct UserDto {
    std::string id;
    std::string name;
    std::string connect_user_name;
    std::string connect_link_type;
    bool has_configured_password = false;
    bool is_disabled = false;
    bool is_administrator = false;
    std::string date_created;
    std::string last_login_date;
    std::string last_activity_date;
    json::ObjectPtr policy;  ///< never null after from() (empty when absent); null in list summaries
    json::ObjectPtr configuration;  ///< null when absent

    static UserDto from(const json::Object& o);
};

struct DeviceInfo {
    std::string id;
    std::string name;
    std::string app_name;
    std::string app_version;
    std::string last_user_id;
    std::string last_user_name;
    std::string date_last_activity;

    static DeviceInfo from(const json::Object& o);
};

struct SessionInfo {
    std::string id;
    std::string user_id;
    std::string user_name;
    std::string device_id;
    std::string device_name;
    std::string client;
    std::string application_version;
    std::string last_activity_date;
    std::string now_playing;  ///< item name, empty when idle

    static SessionInfo from(const json::Object& o);
};

struct VirtualFolderInfo {
    std::string name;
    std::string id;       ///< numeric on Emby 4.x
    std::string guid;     ///< 32-hex on Emby 4.x, absent on 3.x and Jellyfin
    std::string item_id;
    std::string collection_type;

    /// The id UserPolicy.EnabledFolders matches: Guid when the server has
    /// one, else ItemId, else Id (emby-api.md §7).
    std::string access_id() const;

    static VirtualFolderInfo from(const json::Object& o);
};

struct UserLinkResult {
    bool is_pending = false;
    bool is_new_user_invitation = false;
    std::string guest_display_name;

    static UserLinkResult from(const json::Object& o);
};

/// Undoes the HTML encoding Emby applies to the authorization header values
/// it stores (device name, app name, version; emby-api.md §2.2), once, so
/// a device named "<b>" is shown as "<b>" and not as "&lt;b&gt;".
std::string decode_header_value(const std::string& stored);

/// True when the servers take the two names for one user: equal but for
/// case, Unicode letters included ("Müller" is "MÜLLER"; "ß" is not "SS").
bool same_user_name(const std::string& a, const std::string& b);

/// True for a Guid as .NET parses one: 32 hex digits, optionally with
/// dashes (8-4-4-4-12) and optionally in braces or parentheses.
bool is_guid_text(const std::string& text);

}  // namespace embyprov
