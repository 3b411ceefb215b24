#include "render.hpp"

#include <memory>
#include <unordered_map>

#include <kainjow/mustache.hpp>

#include "assets.hpp"
#include "error.hpp"

namespace embyprov {

namespace ms = kainjow::mustache;

namespace {

constexpr int kPartialDepth = 8;
constexpr std::size_t kParsedTemplates = 32;

std::string load_template(const std::string& name, const std::string& override_dir)
{
    auto text = assets::load("templates", name + ".mustache", override_dir);
    if (!text)
        throw Error(EMBYPROV_ERROR, "the template '" + name + "' does not exist");
    return *text;
}

ms::data to_data(const Poco::Dynamic::Var& v)
{
    if (v.type() == typeid(json::ObjectPtr)) {
        ms::data obj{ms::data::type::object};
        const json::ObjectPtr o = v.extract<json::ObjectPtr>();
        for (const auto& name : o->getNames())
            obj.set(name, to_data(o->get(name)));
        return obj;
    }
    if (v.type() == typeid(json::ArrayPtr)) {
        ms::data list{ms::data::type::list};
        for (const auto& item : *v.extract<json::ArrayPtr>())
            list.push_back(to_data(item));
        return list;
    }
    if (v.type() == typeid(bool))
        return v.extract<bool>() ? ms::data{ms::data::type::bool_true} : ms::data{ms::data::type::bool_false};
    if (v.isEmpty())
        return ms::data{ms::data::type::bool_false};
    return ms::data{v.convert<std::string>()};
}

bool is_partial_name(const std::string& name)
{
    return !name.empty() && name[0] == '_' && assets::builtin("templates", name + ".mustache").has_value();
}

/// Makes "{{>_name}}" work for every partial (templates whose names start
/// with "_") that inline_partials left in place: they resolve lazily through
/// the same override-then-built-in lookup as the page itself.
void add_partials(ms::data& root, const std::string& override_dir)
{
    for (const auto& a : assets::all()) {
        const std::string path = a.path;
        const std::string prefix = "templates/", suffix = ".mustache";
        if (path.rfind(prefix + "_", 0) != 0 || path.size() <= prefix.size() + suffix.size())
            continue;
        const std::string name = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
        root.set(name, ms::partial([name, override_dir] { return load_template(name, override_dir); }));
    }
}

/// `text` with each "{{>_name}}" replaced by that partial's own text, and so
/// on in the partials, so a page is parsed once as a whole and not again at
/// each partial it renders. A partial renders in its includer's context, so
/// this is the same page; only text that sets other delimiters ("{{=") is
/// left to the renderer, where a partial starts afresh with the usual ones.
std::string inline_partials(const std::string& text, const std::string& override_dir, int depth)
{
    if (text.find("{{=") != std::string::npos)
        return text;
    std::string out;
    std::size_t pos = 0;
    for (std::size_t open; (open = text.find("{{>", pos)) != std::string::npos;) {
        const std::size_t close = text.find("}}", open + 3);
        if (close == std::string::npos)
            break;
        std::string name = text.substr(open + 3, close - open - 3);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        out.append(text, pos, open - pos);
        pos = close + 2;
        if (!is_partial_name(name)) {
            out.append(text, open, pos - open);  // unknown: renders as nothing, as before
            continue;
        }
        if (depth >= kPartialDepth)
            throw Error(EMBYPROV_ERROR, "the template's partials nest more than " + std::to_string(kPartialDepth) +
                                            " deep (does '" + name + "' include itself?)");
        const std::string partial = load_template(name, override_dir);
        if (partial.find("{{=") != std::string::npos)
            out.append(text, open, pos - open);
        else
            out += inline_partials(partial, override_dir, depth + 1);
    }
    out.append(text, pos, std::string::npos);
    return out;
}

/// The parsed form of a page's whole text, kept per thread (a render is not
/// thread safe) for the next page with the same text: a template edited on
/// disk is another text, so it is parsed anew.
using ParsedTemplates = std::unordered_map<std::string, std::unique_ptr<ms::mustache>>;

ParsedTemplates& parsed_templates()
{
    thread_local ParsedTemplates cache;
    return cache;
}

ms::mustache& parsed(const std::string& name, const std::string& text)
{
    ParsedTemplates& cache = parsed_templates();
    if (auto it = cache.find(text); it != cache.end())
        return *it->second;
    auto tmpl = std::make_unique<ms::mustache>(text);
    if (!tmpl->is_valid())
        throw Error(EMBYPROV_ERROR, "the template '" + name + "' is malformed: " + tmpl->error_message());
    if (cache.size() >= kParsedTemplates)
        cache.clear();
    return *cache.emplace(text, std::move(tmpl)).first->second;
}

}  // namespace

std::string render_template(const std::string& name, const json::Object& vars,
                            const std::string& override_dir)
{
    const std::string text = inline_partials(load_template(name, override_dir), override_dir, 0);
    ms::mustache& tmpl = parsed(name, text);
    ms::data data{ms::data::type::object};
    json::ObjectPtr copy = json::make_object();
    for (const auto& key : vars.getNames())
        copy->set(key, vars.get(key));
    data = to_data(Poco::Dynamic::Var(copy));
    if (text.find("{{>") != std::string::npos)  // a partial inline_partials left in place
        add_partials(data, override_dir);
    std::string out = tmpl.render(data);
    if (!tmpl.is_valid()) {
        const std::string why = tmpl.error_message();
        parsed_templates().erase(text);  // a failed render leaves its error in the template
        throw Error(EMBYPROV_ERROR, "the template '" + name + "' failed: " + why);
    }
    return out;
}

}  // namespace embyprov
