// Command-line parsing for embyprov-panel.
#pragma once

#include <optional>

#include "panel.hpp"

namespace panel {

/// The options, or nullopt when the program should exit with `exit_code`
/// (0 after --help, 2 after a usage error, both already reported).
std::optional<PanelOptions> parse_options(int argc, char** argv, int& exit_code);

}  // namespace panel
