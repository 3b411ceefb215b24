// embyprov call HOOK --params FILE|- [--request FILE]: one hook, result JSON
// on stdout, exit 0 on success and 1 on any error.
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <Poco/JSON/Object.h>

#include "commands.hpp"
#include "host/library.hpp"

namespace cli {

using host::Context;
using host::Library;

namespace {

std::string read_source(const std::string& name)
{
    if (name == "-") {
        std::ostringstream s;
        s << std::cin.rdbuf();
        return s.str();
    }
    std::ifstream in(name, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + name);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

std::string option(const Options& o, const std::string& name, const std::string& fallback)
{
    auto it = o.find(name);
    return it == o.end() ? fallback : it->second;
}

std::string config_json(const Options& o)
{
    if (o.count("config"))
        return option(o, "config");
    Poco::JSON::Object c;
    c.set("database", "sqlite:" + option(o, "db", "embyprov.db"));
    std::ostringstream s;
    c.stringify(s);
    return s.str();
}

int run_call(const std::string& hook, const Options& o)
{
    const std::string params = o.count("params") ? read_source(option(o, "params")) : "{}";
    const std::string request = o.count("request") ? read_source(option(o, "request")) : "";
    Library lib(option(o, "lib"));
    Context ctx(lib, config_json(o));
    std::string result;
    const int rc = ctx.call(hook, params, result, request.empty() ? nullptr : request.c_str());
    std::cout << result << std::endl;
    if (rc != EMBYPROV_OK)
        std::cerr << "embyprov: " << hook << " failed (" << lib.strerror(rc) << ")" << std::endl;
    return rc == EMBYPROV_OK ? 0 : 1;
}

}  // namespace cli
