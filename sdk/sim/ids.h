// Identifier and timestamp helpers: 32-hex ids, stable derived ids, ISO dates.
#pragma once

#include <Poco/Timestamp.h>

#include <string>

namespace sim {

enum class Flavor { Emby, Jellyfin };

// A fresh random 32-hex id (GUID "N" form), as Emby uses for users and tokens.
std::string randomHex32();
// A 32-hex id derived from text, so seeded objects keep the same id across runs.
std::string stableHex32(const std::string& text);
// ISO-8601 UTC with 7 fractional digits, the .NET round-trip shape:
// Emby writes "+00:00", Jellyfin writes "Z".
std::string isoDate(const Poco::Timestamp& when, Flavor flavor);

}  // namespace sim
