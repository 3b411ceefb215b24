// Command-line options of embyprov-sim.
#pragma once

#include "faults.h"
#include "ids.h"

#include <cstddef>
#include <string>
#include <vector>

namespace sim {

struct SimOptions {
    int port = 0;
    std::string bindAddress = "127.0.0.1";
    std::string apiKey;
    std::string apiKeyName = "Billing";  // --api-key-name: what Jellyfin names the key's sessions
    std::string seedPath;
    Flavor flavor = Flavor::Emby;
    std::string serverVersion;  // --server-version; empty: the seed's (default 4.8 / 10.11)
    bool strictCurrentPassword = false;  // 3.x: /Password always verifies CurrentPw
    bool empty200 = false;               // Emby: 200, not 204, for an empty success (as the 4.8 spec says)
    bool apiKeyUserUpdate500 = false;    // 3.x/4.3 bug: bare API key on user updates → 500
    bool logBodies = false;
    bool exitOnStdinEof = false;
    std::size_t maxLogEntries = 100000;
    std::vector<std::string> faultSpecs;     // --fault, in order
    std::vector<std::string> faultMixSpecs;  // --fault-mix, merged into one mix
    FaultConfig startupFaults;               // built from the two above; also what /__sim/reset restores
};

enum class ParseResult { Run, Help, Error };

ParseResult parseOptions(int argc, char** argv, SimOptions& options, std::string& error);
std::string usageText();

}  // namespace sim
