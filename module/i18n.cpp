#include "i18n.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "assets.hpp"
#include "error.hpp"

namespace embyprov {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void merge_strings(std::map<std::string, std::string>& into, const std::optional<std::string>& text,
                   const std::string& name)
{
    if (!text)
        return;
    json::ObjectPtr obj;
    try {
        obj = json::parse_object(*text, name.c_str());
    } catch (const Error&) {
        return;  // a broken override file must not take the page down
    }
    for (const auto& key : obj->getNames())
        if (auto v = json::remote_text(*obj, key); !v.empty())
            into[key] = v;
}

/// The built-in strings of a language, parsed once per process: they are
/// compiled in and never change, and every page view needs them.
const std::map<std::string, std::string>& builtin_strings(const std::string& code)
{
    static std::mutex mutex;
    static std::map<std::string, std::map<std::string, std::string>> parsed;
    std::lock_guard<std::mutex> lock(mutex);
    auto [it, added] = parsed.try_emplace(code);
    if (added) {
        try {
            const std::string file = code + ".json";
            merge_strings(it->second, assets::builtin("lang", file), "lang/" + file);
        } catch (...) {
            parsed.erase(it);  // out of memory: the next page tries again
            throw;
        }
    }
    return it->second;  // map nodes stay put as others are added
}

/// The built-in strings of a language with the panel's own on top. The
/// panel's files are read on every call, so an edit shows on the next page.
std::map<std::string, std::string> load_strings(const std::string& code, const std::string& override_dir)
{
    std::map<std::string, std::string> out = builtin_strings(code);
    if (!override_dir.empty())
        merge_strings(out, assets::from_folder(override_dir, code + ".json"), "lang_dir/" + code + ".json");
    return out;
}

}  // namespace

std::vector<std::string> Translations::builtin_codes()
{
    std::vector<std::string> out;
    for (const auto& a : assets::all()) {
        const std::string p = a.path;
        if (p.rfind("lang/", 0) == 0 && p.size() > 10 && p.compare(p.size() - 5, 5, ".json") == 0)
            out.push_back(p.substr(5, p.size() - 10));
    }
    return out;
}

std::string language_code(const std::string& requested)
{
    static const std::map<std::string, std::string> whmcs = {
        {"english", "en"}, {"german", "de"}, {"french", "fr"}, {"spanish", "es"},
        {"polish", "pl"}, {"dutch", "nl"}, {"portuguese-br", "pt-BR"}, {"portuguese-pt", "pt-BR"},
        {"russian", "ru"},
    };
    std::string r = lower(requested);
    std::replace(r.begin(), r.end(), '_', '-');
    if (auto it = whmcs.find(r); it != whmcs.end())
        return it->second;
    const auto codes = Translations::builtin_codes();
    for (const auto& c : codes)  // exact, e.g. "pt-br"
        if (lower(c) == r)
            return c;
    const std::string base = r.substr(0, r.find('-'));
    for (const auto& c : codes)  // the language of a regional variant, e.g. "de-at"
        if (lower(c) == base)
            return c;
    for (const auto& c : codes)  // a variant of the language, e.g. "pt" -> "pt-BR"
        if (lower(c).rfind(base + "-", 0) == 0)
            return c;
    return "en";
}

Translations::Translations(const std::string& code, const std::string& override_dir)
    : code_(code), english_(load_strings("en", override_dir))
{
    if (code != "en")
        chosen_ = load_strings(code, override_dir);
}

std::string Translations::text(const std::string& key) const
{
    if (auto it = chosen_.find(key); it != chosen_.end())
        return it->second;
    if (auto it = english_.find(key); it != english_.end())
        return it->second;
    return key;
}

std::string Translations::format(const std::string& key, const std::map<std::string, std::string>& values) const
{
    std::string out = text(key);
    for (const auto& [name, value] : values) {
        const std::string placeholder = "{" + name + "}";
        for (std::size_t pos = out.find(placeholder); pos != std::string::npos;
             pos = out.find(placeholder, pos + value.size()))
            out.replace(pos, placeholder.size(), value);
    }
    return out;
}

json::ObjectPtr Translations::as_tree() const
{
    json::ObjectPtr root = json::make_object();
    std::map<std::string, std::string> merged = english_;
    for (const auto& [k, v] : chosen_)
        merged[k] = v;
    for (const auto& [key, value] : merged) {
        json::ObjectPtr node = root;
        std::size_t start = 0;
        for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
            const std::string part = key.substr(start, dot - start);
            json::ObjectPtr child = json::get_object(*node, part);
            if (!child) {
                child = json::make_object();
                node->set(part, child);
            }
            node = child;
            start = dot + 1;
        }
        node->set(key.substr(start), value);
    }
    return root;
}

}  // namespace embyprov
