// Product settings: what a reseller configures per product (WHMCS
// configoption1..N) and what the module applies to every account of it.
// The option list here is the single source of both the config_options hook
// and the parsing, so positions can never drift apart.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emby_types.hpp"
#include "json_util.hpp"

namespace embyprov {

struct ConfigOptionDef {
    const char* key;
    const char* friendly_name;
    const char* type;     ///< WHMCS field type: text, yesno, dropdown
    const char* options;  ///< dropdown choices, comma separated
    const char* default_value;
    const char* description;
    int size;
};

/// The options in configoptionN order (N = index + 1).
const std::vector<ConfigOptionDef>& config_option_defs();

struct ProductSettings {
    std::optional<Flavour> flavour;        ///< nullopt: ask the server
    std::vector<std::string> libraries;    ///< names or ids; empty: all libraries
    std::string template_user;             ///< Emby user whose policy is the base
    int stream_limit = 0;                  ///< 0: unlimited
    bool remote_access = true;
    bool video_transcoding = true;
    bool audio_transcoding = true;
    bool downloads = false;
    int media_accounts = 0;                ///< quota of household sub-accounts
    bool connect_allowed = true;
    std::string manual_url;
    std::string public_address;
    int device_limit = 0;                  ///< 0: unlimited
    bool hide_from_login = true;
    int bitrate_limit_mbps = 0;            ///< 0: unlimited
    bool enforce_device_limit = false;     ///< sign out devices beyond device_limit

    /// The device limit the module holds accounts to (0: none).
    int enforced_device_limit() const { return enforce_device_limit ? device_limit : 0; }

    /// Reads configoptionN, then the "configoptions" overrides (upgrades
    /// sold as configurable options). Throws Error(EINVALID) naming the field.
    static ProductSettings from(const json::Object& params);
    /// The server type the product names, or nullopt for "auto" or for any
    /// setting that does not read (hooks that need nothing else of the
    /// product then still run).
    static std::optional<Flavour> named_flavour(const json::Object& params) noexcept;
};

}  // namespace embyprov
