#include "policy_rules.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/Unicode.h>

#include "error.hpp"

namespace embyprov {

namespace {

bool same_text(const std::string& a, const std::string& b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

/// One character of Jellyfin's user-name pattern: a .NET `\w` (letters,
/// non-spacing marks, decimal digits, connector punctuation) or one of the
/// listed ASCII characters.
bool jellyfin_name_character(int cp)
{
    if (cp > 0 && cp < 0x80 && std::strchr(" -'._@+", cp) != nullptr)
        return true;
    Poco::Unicode::CharacterProperties props{};
    Poco::Unicode::properties(cp, props);
    return props.category == Poco::Unicode::UCP_LETTER || props.type == Poco::Unicode::UCP_NON_SPACING_MARK ||
           props.type == Poco::Unicode::UCP_DECIMAL_NUMBER ||
           props.type == Poco::Unicode::UCP_CONNECTOR_PUNCTUATION;
}

const VirtualFolderInfo* match(const std::string& entry, const std::vector<VirtualFolderInfo>& libs)
{
    for (const auto& lib : libs)
        if (same_text(entry, lib.name))
            return &lib;
    for (const auto& lib : libs)
        if ((!lib.guid.empty() && same_text(entry, lib.guid)) ||
            (!lib.item_id.empty() && same_text(entry, lib.item_id)) ||
            (!lib.id.empty() && same_text(entry, lib.id)))
            return &lib;
    return nullptr;
}

json::ArrayPtr to_array(const std::vector<std::string>& items)
{
    json::ArrayPtr a = new json::Array;
    for (const auto& s : items)
        a->add(s);
    return a;
}

}  // namespace

LibraryGrant resolve_libraries(const std::vector<std::string>& wanted,
                               const std::vector<VirtualFolderInfo>& libraries)
{
    LibraryGrant g;
    if (wanted.empty())
        return g;
    g.all = false;
    std::vector<std::string> unknown;
    for (const auto& entry : wanted) {
        const VirtualFolderInfo* lib = match(entry, libraries);
        if (!lib) {
            unknown.push_back(entry);
            continue;
        }
        const std::string id = lib->access_id();
        if (std::find(g.access_ids.begin(), g.access_ids.end(), id) == g.access_ids.end()) {
            g.access_ids.push_back(id);
            g.names.push_back(lib->name);
        }
    }
    if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown)
            list += (list.empty() ? "'" : ", '") + u + "'";
        throw Error(EMBYPROV_EINVALID, "the product names libraries the server does not have: " + list);
    }
    return g;
}

LibraryGrant narrow_grant(const LibraryGrant& grant, const std::vector<std::string>& excluded,
                          const std::vector<VirtualFolderInfo>& libraries)
{
    if (excluded.empty())
        return grant;
    LibraryGrant out;
    out.all = false;
    auto is_excluded = [&](const std::string& id) {
        return std::find(excluded.begin(), excluded.end(), id) != excluded.end();
    };
    if (grant.all) {
        for (const auto& lib : libraries)
            if (!is_excluded(lib.access_id())) {
                out.access_ids.push_back(lib.access_id());
                out.names.push_back(lib.name);
            }
    } else {
        for (std::size_t i = 0; i < grant.access_ids.size(); ++i)
            if (!is_excluded(grant.access_ids[i])) {
                out.access_ids.push_back(grant.access_ids[i]);
                out.names.push_back(grant.names[i]);
            }
    }
    return out;
}

std::string stored_form(const json::Object& policy, Flavour flavour)
{
    json::Object copy(policy);  // top level only: it is written out at once
    if (flavour == Flavour::Jellyfin)
        for (const char* unstored : {"BlockedMediaFolders", "BlockedChannels"})
            copy.remove(unstored);
    return json::stringify(Poco::Dynamic::Var(copy));
}

void apply_product(json::Object& policy, const ProductSettings& product,
                   const LibraryGrant& grant, Flavour flavour)
{
    // Customers are never administrators, whatever the template says.
    policy.set("IsAdministrator", false);
    policy.set("IsHidden", product.hide_from_login);
    policy.set("EnableAllFolders", grant.all);
    policy.set("EnabledFolders", to_array(grant.all ? std::vector<std::string>{} : grant.access_ids));
    // A non-null legacy blocklist makes the server ignore EnabledFolders.
    policy.remove("BlockedMediaFolders");
    policy.set("EnableRemoteAccess", product.remote_access);
    policy.set("EnableVideoPlaybackTranscoding", product.video_transcoding);
    policy.set("EnableAudioPlaybackTranscoding", product.audio_transcoding);
    policy.set("EnableContentDownloading", product.downloads);
    policy.set("EnableSyncTranscoding", product.downloads);
    policy.set("EnableMediaPlayback", true);
    policy.set("EnableContentDeletion", false);
    policy.set("EnableLiveTvManagement", false);
    policy.set("EnableRemoteControlOfOtherUsers", false);
    policy.set("RemoteClientBitrateLimit", product.bitrate_limit_mbps * 1000000);
    if (flavour == Flavour::Jellyfin)
        policy.set("MaxActiveSessions", 0);
    else
        policy.set("SimultaneousStreamLimit", product.stream_limit);
}

void keep_own_sign_in_rules(json::Object& policy, const json::Object& own, Flavour flavour)
{
    static const char* const fields[] = {
        "LoginAttemptsBeforeLockout", "InvalidLoginAttemptCount", "LockedOutDate",
        "AuthenticationProviderId",   "PasswordResetProviderId",  "MaxActiveSessions",
    };
    for (const char* field : fields) {
        if (own.has(field))
            policy.set(field, own.get(field));
        else
            policy.remove(field);
    }
    // Every device may sign in, whatever the server's default.
    policy.set("EnableAllDevices", true);
    policy.set("EnabledDevices", to_array({}));
    if (flavour == Flavour::Jellyfin) {
        if (json::get_text(policy, "AuthenticationProviderId").value_or("").empty())
            policy.set("AuthenticationProviderId",
                       std::string("Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider"));
        if (json::get_text(policy, "PasswordResetProviderId").value_or("").empty())
            policy.set("PasswordResetProviderId",
                       std::string("Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider"));
    }
}

void set_disabled(json::Object& policy, bool disabled)
{
    policy.set("IsDisabled", disabled);
}

json::ObjectPtr copy_policy(const json::Object& policy)
{
    json::ObjectPtr out = json::make_object();
    for (const auto& name : policy.getNames())
        out->set(name, policy.get(name));
    return out;
}

std::string username_problem(const std::string& name)
{
    if (name.empty())
        return "the username is empty";
    if (name.size() > 64)
        return "the username is longer than 64 characters";
    if (std::isspace(static_cast<unsigned char>(name.front())) ||
        std::isspace(static_cast<unsigned char>(name.back())))
        return "the username starts or ends with a space";
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f)
            return "the username contains control characters";
        if (c == '<' || c == '>' || c == '/' || c == '\\' || c == '"')
            return "the username must not contain < > / \\ or \"";
    }
    return {};
}

std::string username_problem_on(const std::string& name, Flavour flavour)
{
    if (auto problem = username_problem(name); !problem.empty())
        return problem;
    Poco::UTF8Encoding utf8;
    bool jellyfin_ok = true;
    for (Poco::TextIterator it(name, utf8), end(name); it != end; ++it) {
        const int cp = *it;
        if (cp < 0)
            return "the username is not valid UTF-8";
        jellyfin_ok = jellyfin_ok && jellyfin_name_character(cp);
    }
    if (flavour != Flavour::Jellyfin)
        return {};
    if (!jellyfin_ok)
        return "Jellyfin allows only letters, digits, spaces and - ' . _ @ + in a username";
    if (name == "." || name == "..")
        return "Jellyfin 12 refuses the username \"" + name + "\"";
    return {};
}

}  // namespace embyprov
