// Small helpers the pages share (declared in pages.hpp).
#include "html.hpp"
#include "pages.hpp"

namespace panel {

using html::esc;

long long capture_id(const Exchange& ex, std::size_t index)
{
    return std::stoll(ex.captures.at(index));
}

Flash hook_flash(const ModuleGateway& module, const std::string& label, const HookResult& result)
{
    Flash f;
    f.ok = result.ok();
    const std::string message = result.message();
    if (f.ok) {
        f.text = label + ": success" + (message.empty() ? "" : ". " + message);
    } else {
        f.text = label + " failed: " + (message.empty() ? module.strerror(result.code) : message);
        f.detail_html = "<p class=\"muted\" id=\"flash-code\" data-test=\"flash-code\" data-code=\"" +
                        std::to_string(result.code) + "\">Error code " + std::to_string(result.code) + " (" +
                        esc(module.strerror(result.code)) + ")</p>";
    }
    return f;
}

const std::vector<std::pair<std::string, std::string>>& client_languages()
{
    static const std::vector<std::pair<std::string, std::string>> languages = {
        {"english", "English"},          {"german", "Deutsch (German)"},
        {"french", "Français (French)"}, {"spanish", "Español (Spanish)"},
        {"polish", "Polski (Polish)"},   {"dutch", "Nederlands (Dutch)"},
        {"portuguese-br", "Português do Brasil (Portuguese, Brazil)"},
        {"russian", "Русский (Russian)"}};
    return languages;
}

}  // namespace panel
