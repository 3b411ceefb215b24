// User-name rules for create and rename.
#pragma once

#include "ids.h"

#include <string>

namespace sim {

class SimState;

// Throws 400 for a blank name, a name Emby refuses (it only rejects '<' and
// '>'), a name outside Jellyfin's pattern, or a case-insensitive duplicate of
// another user's name (`selfId` is the user being renamed, "" on create).
void validateUserName(SimState& state, const std::string& name, const std::string& selfId);

// The servers' name comparison: case-insensitive beyond ASCII.
bool sameUserName(const std::string& a, const std::string& b);

}  // namespace sim
