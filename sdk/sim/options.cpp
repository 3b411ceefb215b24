#include "options.h"

#include "dialect.h"
#include "fault_spec.h"
#include "text_util.h"

#include <Poco/Net/IPAddress.h>

#include <functional>
#include <map>
#include <stdexcept>

namespace sim {

namespace {

int parseNumber(const std::string& text, const std::string& option, long min, long max) {
    std::size_t used = 0;
    long value = 0;
    try {
        value = std::stol(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty() || value < min || value > max)
        throw std::invalid_argument(option + ": expected a number from " + std::to_string(min) + " to " +
                                    std::to_string(max));
    return static_cast<int>(value);
}

void checkLoopback(const std::string& address) {
    Poco::Net::IPAddress ip;
    if (!Poco::Net::IPAddress::tryParse(address, ip) || !ip.isLoopback())
        throw std::invalid_argument("--bind: only a loopback address is allowed (e.g. 127.0.0.1)");
}

using ValueSetter = std::function<void(SimOptions&, const std::string&)>;
using FlagSetter = std::function<void(SimOptions&)>;

const std::map<std::string, ValueSetter>& valueOptions() {
    static const std::map<std::string, ValueSetter> table = {
        {"--port", [](SimOptions& o, const std::string& v) { o.port = parseNumber(v, "--port", 0, 65535); }},
        {"--api-key", [](SimOptions& o, const std::string& v) { o.apiKey = v; }},
        {"--api-key-name", [](SimOptions& o, const std::string& v) { o.apiKeyName = v; }},
        {"--seed", [](SimOptions& o, const std::string& v) { o.seedPath = v; }},
        {"--bind", [](SimOptions& o, const std::string& v) { checkLoopback(v); o.bindAddress = v; }},
        {"--max-log", [](SimOptions& o, const std::string& v) {
             o.maxLogEntries = static_cast<std::size_t>(parseNumber(v, "--max-log", 1, 100000000));
         }},
        {"--fault", [](SimOptions& o, const std::string& v) { o.faultSpecs.push_back(v); }},
        {"--fault-mix", [](SimOptions& o, const std::string& v) { o.faultMixSpecs.push_back(v); }},
        {"--server-version", [](SimOptions& o, const std::string& v) { o.serverVersion = v; }},
        {"--flavor", [](SimOptions& o, const std::string& v) {
             if (iequals(v, "emby")) o.flavor = Flavor::Emby;
             else if (iequals(v, "jellyfin")) o.flavor = Flavor::Jellyfin;
             else throw std::invalid_argument("--flavor: expected emby or jellyfin");
         }},
    };
    return table;
}

const std::map<std::string, FlagSetter>& flagOptions() {
    static const std::map<std::string, FlagSetter> table = {
        {"--strict-current-password", [](SimOptions& o) { o.strictCurrentPassword = true; }},
        {"--empty-200", [](SimOptions& o) { o.empty200 = true; }},
        {"--api-key-user-update-500", [](SimOptions& o) { o.apiKeyUserUpdate500 = true; }},
        {"--log-bodies", [](SimOptions& o) { o.logBodies = true; }},
        {"--exit-on-stdin-eof", [](SimOptions& o) { o.exitOnStdinEof = true; }},
    };
    return table;
}

}  // namespace

std::string usageText() {
    return "usage: embyprov-sim --api-key KEY [options]\n"
           "\n"
           "Emby (or Jellyfin) server simulator on loopback, for tests. Prints its base\n"
           "URL (http://127.0.0.1:PORT) as the first line on stdout, then serves until\n"
           "SIGINT/SIGTERM.\n"
           "\n"
           "  --api-key KEY               API key accepted as admin (required)\n"
           "  --api-key-name NAME         the key's name, which Jellyfin gives its sessions\n"
           "                              (default Billing)\n"
           "  --port N                    port to listen on; 0 picks a free one (default 0)\n"
           "  --bind ADDR                 loopback address to bind (default 127.0.0.1)\n"
           "  --seed FILE                 JSON seed (server, libraries, users, connect directory)\n"
           "  --flavor emby|jellyfin      which server to imitate (default emby)\n"
           "  --server-version V          Emby 4.8; Jellyfin 10.11 or 12.0 (default: the\n"
           "                              seed's version, else 4.8 / 10.11)\n"
           "  --strict-current-password   3.x password rule: CurrentPw always verified\n"
           "  --empty-200                 Emby: answer an empty success with 200, as the 4.8\n"
           "                              spec declares, instead of 3.5's 204\n"
           "  --api-key-user-update-500   3.x bug: API key on POST /Users/{Id}, /Password,\n"
           "                              /Configuration answers 500\n"
           "  --log-bodies                keep request/response bodies in /__sim/requests\n"
           "  --max-log N                 keep at most N log entries (default 100000)\n"
           "  --exit-on-stdin-eof         exit when stdin closes\n"
           "  --fault KIND[:KEY=V,...]    a fault rule (repeatable, first that fires wins);\n"
           "                              KIND: fail_before reset_before reset_after\n"
           "                              hold_before hold_after trickle_body trickle_headers;\n"
           "                              KEY: match nth times status hold_ms trickle_ms\n"
           "  --fault-mix KEY=V,...       seeded random faults: rate seed match status hold_ms\n"
           "                              trickle_ms weights=KIND:W[/KIND:W...]\n"
           "  --help                      show this text\n";
}

ParseResult parseOptions(int argc, char** argv, SimOptions& options, std::string& error) {
    try {
        for (int i = 1; i < argc; ++i) {
            std::string arg = argv[i];
            if (arg == "--help" || arg == "-h") return ParseResult::Help;
            std::string value;
            bool inlineValue = false;
            if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
                value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
                inlineValue = true;
            }
            if (auto flag = flagOptions().find(arg); flag != flagOptions().end() && !inlineValue) {
                flag->second(options);
                continue;
            }
            auto setter = valueOptions().find(arg);
            if (setter == valueOptions().end()) throw std::invalid_argument("unknown argument: " + arg);
            if (!inlineValue) {
                if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
                value = argv[++i];
            }
            setter->second(options, value);
        }
        if (options.apiKey.empty()) throw std::invalid_argument("--api-key is required");
        options.startupFaults = faultConfigFromSpecs(options.faultSpecs, options.faultMixSpecs);
        if (options.empty200 && options.flavor != Flavor::Emby)
            throw std::invalid_argument("--empty-200 is an Emby rule: Jellyfin answers 204");
        if (!options.serverVersion.empty())
            options.serverVersion = resolveServerVersion(options.flavor, options.serverVersion);
    } catch (const std::invalid_argument& e) {
        error = e.what();
        return ParseResult::Error;
    }
    return ParseResult::Run;
}

}  // namespace sim
