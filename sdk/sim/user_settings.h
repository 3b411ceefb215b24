// The UserPolicy and UserConfiguration field tables for each flavor, and the
// library-visibility rule that reads a policy.
#pragma once

#include "field_bag.h"
#include "ids.h"

namespace sim {

struct Library;

const FieldTable& policyTable(Flavor flavor);
const FieldTable& configurationTable(Flavor flavor);

// Whether a user with this policy sees the library in /Users/{Id}/Views.
// Emby 4.x: EnabledFolders holds library Guids; a numeric Id never matches.
// A non-null BlockedMediaFolders switches to the legacy blocklist (3.x).
// Jellyfin: EnabledFolders holds ItemIds; a non-empty blocklist wins.
bool policyAllowsLibrary(const FieldBag& policy, const Library& library, Flavor flavor);

// A configuration write on Jellyfin keeps CastReceiverId unless it names a
// cast receiver the server has configured, and a new server has none.
void keepUnwrittenConfiguration(const FieldBag& old, FieldBag& next, Flavor flavor);

}  // namespace sim
