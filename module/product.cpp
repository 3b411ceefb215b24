#include "product.hpp"

#include <sstream>

#include "error.hpp"

namespace embyprov {

const std::vector<ConfigOptionDef>& config_option_defs()
{
    static const std::vector<ConfigOptionDef> defs = {
        {"flavour", "Server type", "dropdown", "auto,emby,jellyfin", "auto",
         "auto asks the server which it is", 0},
        {"libraries", "Libraries", "text", "", "",
         "Comma-separated library names (or ids) the account may see; empty means all", 60},
        {"template_user", "Template user", "text", "", "",
         "Emby or Jellyfin user whose policy new accounts start from (optional; its sign-in rules, "
         "such as allowed devices, are not copied)",
         25},
        {"stream_limit", "Simultaneous streams", "text", "", "2",
         "Emby: the account's simultaneous stream limit (0 means unlimited). Jellyfin has no stream "
         "limit, so there it is shown to the customer, not enforced",
         5},
        {"remote_access", "Remote access", "yesno", "", "on", "Allow playback outside the server's LAN", 0},
        {"video_transcoding", "Video transcoding", "yesno", "", "on", "Allow the server to transcode video", 0},
        {"audio_transcoding", "Audio transcoding", "yesno", "", "on", "Allow the server to transcode audio", 0},
        {"downloads", "Downloads", "yesno", "", "", "Allow downloading and offline sync", 0},
        {"media_accounts", "Media accounts", "text", "", "0",
         "How many household sub-accounts the customer may create", 5},
        {"connect_allowed", "Emby Connect", "yesno", "", "on",
         "Let customers link Emby Connect accounts", 0},
        {"manual_url", "User manual URL", "text", "", "", "Shown in the client area", 60},
        {"public_address", "Public server address", "text", "", "",
         "Address shown to customers (default: the server's hostname)", 60},
        {"device_limit", "Device limit", "text", "", "0",
         "Devices each account may keep signed in (0 means unlimited); shown to the customer, and "
         "held to when 'Enforce device limit' is on", 5},
        {"hide_from_login", "Hide from login screen", "yesno", "", "on",
         "Keep customer accounts off the server's public user list", 0},
        {"bitrate_limit_mbps", "Remote bitrate limit (Mbit/s)", "text", "", "0",
         "0 means no limit", 5},
        {"enforce_device_limit", "Enforce device limit", "yesno", "", "",
         "Sign out the least recently used devices beyond the limit, in the daily run and "
         "whenever the customer opens the client area", 0},
    };
    return defs;
}

namespace {

std::vector<std::string> split_list(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto b = item.find_first_not_of(" \t\r\n");
        const auto e = item.find_last_not_of(" \t\r\n");
        if (b != std::string::npos)
            out.push_back(item.substr(b, e - b + 1));
    }
    return out;
}

/// One product field: configoptionN, overridden by configoptions[key].
class FieldReader {
public:
    explicit FieldReader(const json::Object& params) : params_(params)
    {
        overrides_ = json::get_object(params, "configoptions");
    }

    /// Copies the field into a scratch object under its key, so the typed
    /// json helpers can read it with the product key in error messages.
    json::ObjectPtr fields() const
    {
        json::ObjectPtr out = json::make_object();
        const auto& defs = config_option_defs();
        for (std::size_t i = 0; i < defs.size(); ++i) {
            const std::string positional = "configoption" + std::to_string(i + 1);
            if (params_.has(positional))
                out->set(defs[i].key, params_.get(positional));
            else
                out->set(defs[i].key, defs[i].default_value);
            if (overrides_ && overrides_->has(defs[i].key))
                out->set(defs[i].key, overrides_->get(defs[i].key));
        }
        return out;
    }

private:
    const json::Object& params_;
    json::ObjectPtr overrides_;
};

int as_int(const json::Object& f, const char* key, long long max)
{
    return static_cast<int>(json::get_count(f, key, 0, max));
}

std::optional<Flavour> flavour_setting(const json::Object& fields)
{
    const std::string flavour = json::get_text(fields, "flavour").value_or("auto");
    if (flavour == "emby")
        return Flavour::Emby;
    if (flavour == "jellyfin")
        return Flavour::Jellyfin;
    if (!flavour.empty() && flavour != "auto")
        throw_invalid("product setting 'Server type' must be auto, emby or jellyfin");
    return std::nullopt;
}

}  // namespace

ProductSettings ProductSettings::from(const json::Object& params)
{
    const json::ObjectPtr f = FieldReader(params).fields();
    ProductSettings p;
    p.flavour = flavour_setting(*f);
    p.libraries = split_list(json::get_text(*f, "libraries").value_or(""));
    p.template_user = json::get_text(*f, "template_user").value_or("");
    p.stream_limit = as_int(*f, "stream_limit", 1000);
    p.remote_access = json::get_flag(*f, "remote_access", true);
    p.video_transcoding = json::get_flag(*f, "video_transcoding", true);
    p.audio_transcoding = json::get_flag(*f, "audio_transcoding", true);
    p.downloads = json::get_flag(*f, "downloads", false);
    p.media_accounts = as_int(*f, "media_accounts", 100);
    p.connect_allowed = json::get_flag(*f, "connect_allowed", true);
    p.manual_url = json::get_text(*f, "manual_url").value_or("");
    p.public_address = json::get_text(*f, "public_address").value_or("");
    p.device_limit = as_int(*f, "device_limit", 1000);
    p.hide_from_login = json::get_flag(*f, "hide_from_login", true);
    p.bitrate_limit_mbps = as_int(*f, "bitrate_limit_mbps", 100000);
    p.enforce_device_limit = json::get_flag(*f, "enforce_device_limit", false);
    if (!p.manual_url.empty() && p.manual_url.rfind("https://", 0) != 0 &&
        p.manual_url.rfind("http://", 0) != 0)
        throw_invalid("product setting 'User manual URL' must start with http:// or https://");
    return p;
}

std::optional<Flavour> ProductSettings::named_flavour(const json::Object& params) noexcept
{
    try {
        return flavour_setting(*FieldReader(params).fields());
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace embyprov
