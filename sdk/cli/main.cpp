// embyprov: the host CLI. It loads libembyprov with dlopen and drives it
// through the public C ABI only, the way a billing panel does.
#include <iostream>
#include <stdexcept>

#include "commands.hpp"

namespace {

const char kUsage[] =
    "usage:\n"
    "  embyprov call HOOK [--params FILE|-] [--request FILE] [common options]\n"
    "  embyprov lifecycle --server URL --api-key KEY [--libraries LIST] [common options]\n"
    "  embyprov batch [--input FILE|-] [--jobs N] [common options]\n"
    "common options:\n"
    "  --lib PATH       libembyprov to load (default: $EMBYPROV_LIB, then next to this program)\n"
    "  --db PATH        SQLite state database (default: embyprov.db)\n"
    "  --config JSON    full library configuration instead of --db\n"
    "exit status: 0 success, 1 a hook failed, 2 usage error\n";

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    const std::string command = argv[1];
    std::string hook;
    int first = 2;
    if (command == "call") {
        if (argc < 3) {
            std::cerr << kUsage;
            return 2;
        }
        hook = argv[2];
        first = 3;
    }
    cli::Options options;
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0) {
            std::cerr << "embyprov: unexpected argument '" << arg << "'\n" << kUsage;
            return 2;
        }
        arg = arg.substr(2);
        if (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0)
            options[arg] = argv[++i];
        else
            options[arg] = "1";
    }
    try {
        if (command == "call")
            return cli::run_call(hook, options);
        if (command == "lifecycle")
            return cli::run_lifecycle(options);
        if (command == "batch")
            return cli::run_batch(options);
        std::cerr << "embyprov: unknown command '" << command << "'\n" << kUsage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "embyprov: " << e.what() << std::endl;
        return 1;
    }
}
