// The command line's fault specs. Each is turned into the JSON that
// POST /__sim/faults takes and checked by the same parser, so the two ways
// of setting faults accept exactly the same things:
//   --fault      KIND[:KEY=VALUE[,KEY=VALUE...]]   one rule
//   --fault-mix  KEY=VALUE[,KEY=VALUE...]          the mix; weights=KIND:W[/KIND:W...]
#pragma once

#include "faults.h"

#include <string>
#include <vector>

namespace sim {

// Throws std::invalid_argument naming the offending spec.
FaultConfig faultConfigFromSpecs(const std::vector<std::string>& ruleSpecs,
                                 const std::vector<std::string>& mixSpecs);

}  // namespace sim
