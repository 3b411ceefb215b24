// Command line of embyprov-panel, and the library configuration built from it.
#include <iostream>
#include <sstream>

#include <Poco/JSON/Object.h>

#include "options.hpp"

namespace panel {

namespace {

const char kUsage[] =
    "usage: embyprov-panel [--port N] [--db FILE] [--module-db FILE] [--lib PATH]\n"
    "                      [--admin-user NAME] [--admin-password PASS]\n"
    "                      [--templates-dir DIR] [--lang-dir DIR] [--exit-on-stdin-eof]\n"
    "  --port N             port on 127.0.0.1 (default 8480; 0 = any free port)\n"
    "  --db FILE            the panel's own SQLite database (default embyprov-panel.db)\n"
    "  --module-db FILE     the module's state database (default: FILE.module.db next to --db)\n"
    "  --lib PATH           libembyprov to load (default: $EMBYPROV_LIB, then next to this program)\n"
    "  --admin-user NAME    admin sign-in name (default admin)\n"
    "  --admin-password P   admin password (default admin-demo; or $EMBYPROV_PANEL_ADMIN_PASSWORD)\n"
    "  --templates-dir DIR  client-area templates that override the module's\n"
    "  --lang-dir DIR       language files that override the module's\n"
    "  --exit-on-stdin-eof  stop when stdin closes (for test harnesses)\n"
    "The first stdout line is the base URL, e.g. http://127.0.0.1:8480\n";

}  // namespace

std::string library_config(const PanelOptions& options)
{
    Poco::JSON::Object c;
    c.set("database", "sqlite:" + options.module_db);
    if (!options.templates_dir.empty())
        c.set("templates_dir", options.templates_dir);
    if (!options.lang_dir.empty())
        c.set("lang_dir", options.lang_dir);
    c.set("client_name", "embyprov-panel");
    std::ostringstream s;
    c.stringify(s);
    return s.str();
}

std::optional<PanelOptions> parse_options(int argc, char** argv, int& exit_code)
{
    PanelOptions o;
    if (const char* env = std::getenv("EMBYPROV_PANEL_ADMIN_PASSWORD"); env && *env)
        o.admin_password = env;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                throw std::invalid_argument(arg + " needs a value");
            return argv[++i];
        };
        try {
            if (arg == "--help" || arg == "-h") {
                std::cout << kUsage;
                exit_code = 0;
                return std::nullopt;
            } else if (arg == "--port") {
                const std::string v = value();
                std::size_t used = 0;
                const int port = std::stoi(v, &used);
                if (used != v.size() || port < 0 || port > 65535)
                    throw std::invalid_argument("--port must be 0..65535");
                o.port = port;
            } else if (arg == "--db") {
                o.db = value();
            } else if (arg == "--module-db") {
                o.module_db = value();
            } else if (arg == "--lib") {
                o.lib = value();
            } else if (arg == "--admin-user") {
                o.admin_user = value();
            } else if (arg == "--admin-password") {
                o.admin_password = value();
            } else if (arg == "--templates-dir") {
                o.templates_dir = value();
            } else if (arg == "--lang-dir") {
                o.lang_dir = value();
            } else if (arg == "--exit-on-stdin-eof") {
                o.exit_on_stdin_eof = true;
            } else {
                throw std::invalid_argument("unknown option " + arg);
            }
        } catch (const std::exception& e) {
            std::cerr << "embyprov-panel: " << e.what() << "\n" << kUsage;
            exit_code = 2;
            return std::nullopt;
        }
    }
    if (o.admin_user.empty() || o.admin_password.empty()) {
        std::cerr << "embyprov-panel: the admin user and password must not be empty\n";
        exit_code = 2;
        return std::nullopt;
    }
    if (o.module_db.empty()) {
        const std::string stem =
            o.db.size() > 3 && o.db.compare(o.db.size() - 3, 3, ".db") == 0 ? o.db.substr(0, o.db.size() - 3) : o.db;
        o.module_db = stem + ".module.db";
    }
    return o;
}

}  // namespace panel
