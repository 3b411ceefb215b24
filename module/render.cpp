#include "render.hpp"

#include <kainjow/mustache.hpp>

#include "assets.hpp"
#include "error.hpp"

namespace embyprov {

namespace ms = kainjow::mustache;

namespace {

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

/// Makes "{{>_name}}" work for every partial (templates whose names start
/// with "_"): they resolve lazily through the same override-then-built-in
/// lookup as the page itself.
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

}  // namespace

std::string render_template(const std::string& name, const json::Object& vars,
                            const std::string& override_dir)
{
    ms::mustache tmpl{load_template(name, override_dir)};
    if (!tmpl.is_valid())
        throw Error(EMBYPROV_ERROR, "the template '" + name + "' is malformed: " + tmpl.error_message());
    ms::data data{ms::data::type::object};
    json::ObjectPtr copy = json::make_object();
    for (const auto& key : vars.getNames())
        copy->set(key, vars.get(key));
    data = to_data(Poco::Dynamic::Var(copy));
    add_partials(data, override_dir);
    std::string out = tmpl.render(data);
    if (!tmpl.is_valid())
        throw Error(EMBYPROV_ERROR, "the template '" + name + "' failed: " + tmpl.error_message());
    return out;
}

}  // namespace embyprov
