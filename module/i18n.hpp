// The customer's language: lang/<code>.json files (flat "section.key":
// "text" maps), chosen from WHMCS language names or locale codes, with
// fallback to English and then to the key itself.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "json_util.hpp"

namespace embyprov {

class Translations {
public:
    /// Loads English and, when different, `code` (both from the override
    /// folder first, then the built-in files).
    Translations(const std::string& code, const std::string& override_dir);

    const std::string& code() const { return code_; }

    /// The text of `key`; English when the language lacks it; else the key.
    std::string text(const std::string& key) const;

    /// Like text(), with "{name}" placeholders replaced.
    std::string format(const std::string& key, const std::map<std::string, std::string>& values) const;

    /// Every key, resolved, as nested objects ("a.b" -> {"a": {"b": ...}}),
    /// for templates to use as {{t.a.b}}.
    json::ObjectPtr as_tree() const;

    /// The codes that have a built-in file, e.g. {"de", "en", ...}.
    static std::vector<std::string> builtin_codes();

private:
    std::string code_;
    std::map<std::string, std::string> english_;
    std::map<std::string, std::string> chosen_;
};

/// Maps a WHMCS language name ("english", "portuguese-br") or a locale code
/// ("de", "pt_BR", "pt-br", "de-AT") to a language code with a built-in
/// file; "en" when nothing matches.
std::string language_code(const std::string& requested);

}  // namespace embyprov
