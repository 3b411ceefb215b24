// Command line of embyprov-panel, and the library configuration built from it.
#include <iostream>
#include <sstream>

#include <Poco/JSON/Object.h>

#include "options.hpp"

namespace panel {

namespace {

const char kUsage[] =
    "usage: embyprov-panel [--port N] [--db FILE] [--module-db FILE] [--lib PATH]\n"
    "                      [--admin-user NAME] [--admin-password PASS] [--secret-key-file FILE]\n"
    "                      [--templates-dir DIR] [--lang-dir DIR] [--exit-on-stdin-eof]\n"
    "  --port N             port on 127.0.0.1 (default 8480; 0 = any free port)\n"
    "  --db FILE            the panel's own SQLite database, mode 0600 (default embyprov-panel.db)\n"
    "  --module-db FILE     the module's state database (default: FILE.module.db next to --db)\n"
    "  --lib PATH           libembyprov to load (default: $EMBYPROV_LIB, then next to this program)\n"
    "  --admin-user NAME    admin sign-in name (default admin)\n"
    "  --admin-password P   sets the admin password (or $EMBYPROV_PANEL_ADMIN_PASSWORD); only its\n"
    "                       salted hash is stored, and later starts without it keep it. There is\n"
    "                       no built-in one: without either, the first start generates one and\n"
    "                       prints it once\n"
    "  --secret-key-file F  the key that seals the stored API keys and passwords (AES-256-GCM):\n"
    "                       32 random bytes as 64 hex digits, e.g. openssl rand -hex 32 > F\n"
    "                       (or $EMBYPROV_PANEL_SECRET_KEY_FILE; default: FILE.key next to --db,\n"
    "                       made with mode 0600 on the first start)\n"
    "  --templates-dir DIR  client-area templates that override the module's\n"
    "  --lang-dir DIR       language files that override the module's\n"
    "  --exit-on-stdin-eof  stop when stdin closes (for test harnesses)\n"
    "Sign-ins are throttled: 5 failures from one address, or for one account, lock it for 30 s,\n"
    "each further failure for twice as long (up to 15 min), answered with HTTP 429; an hour\n"
    "without a failure forgets them, and a successful sign-in clears the account.\n"
    "The first stdout line is the base URL, e.g. http://127.0.0.1:8480; one-time notices\n"
    "(a generated admin password, a created key file) follow it.\n";

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
    if (const char* env = std::getenv("EMBYPROV_PANEL_SECRET_KEY_FILE"); env && *env)
        o.secret_key_file = env;
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
                if (o.admin_password.empty())
                    throw std::invalid_argument("--admin-password must not be empty");
            } else if (arg == "--secret-key-file") {
                o.secret_key_file = value();
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
    if (o.admin_user.empty()) {
        std::cerr << "embyprov-panel: the admin user must not be empty\n";
        exit_code = 2;
        return std::nullopt;
    }
    // The files that go with the database sit next to it: panel.db gives
    // panel.module.db and panel.key.
    const std::string stem =
        o.db.size() > 3 && o.db.compare(o.db.size() - 3, 3, ".db") == 0 ? o.db.substr(0, o.db.size() - 3) : o.db;
    if (o.module_db.empty())
        o.module_db = stem + ".module.db";
    if (o.secret_key_file.empty())
        o.secret_key_file = stem + ".key";
    return o;
}

}  // namespace panel
