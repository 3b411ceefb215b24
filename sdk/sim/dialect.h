// What differs between the server versions the simulator imitates
// (--flavor, --server-version), as rules the routes ask about. Evidence for
// each rule: docs/COMPATIBILITY.md.
#pragma once

#include "ids.h"

#include <string>

namespace sim {

struct Dialect {
    Flavor flavor = Flavor::Emby;
    int major = 4;  // 4 (Emby 4.8), 10 (Jellyfin 10.11) or 12 (Jellyfin 12)

    bool jellyfin() const { return flavor == Flavor::Jellyfin; }
    // Jellyfin 10.11 strips a leading /emby or /mediabrowser; 12 does not.
    bool stripsLegacyPrefix() const { return !jellyfin() || major < 12; }
    // X-Emby-Authorization, X-Emby-Token, X-MediaBrowser-Token, api_key and
    // the "Emby" scheme: on by default up to Jellyfin 10.11, off in 12.
    bool legacyAuthorization() const { return !jellyfin() || major < 12; }
    // DELETE /Devices takes a list of ids in Jellyfin 12 and answers 400 when
    // one is unknown; 10.11 takes one and answers 404.
    bool deletesDeviceLists() const { return jellyfin() && major >= 12; }
    // A failed-login lockout disables the user on Jellyfin 12; 10.11.11
    // counts the failures but never saves the disabling.
    bool lockoutDisables() const { return jellyfin() && major >= 12; }
    // Jellyfin 12 no longer fills HasPassword/HasConfiguredPassword: both
    // read true for every user.
    bool reportsPasswordState() const { return !jellyfin() || major < 12; }
    // Jellyfin 10.11 refuses a rename that changes only letter case.
    bool refusesCaseOnlyRename() const { return jellyfin() && major < 12; }
    // Jellyfin 12 refuses the user names "." and "..".
    bool refusesDotNames() const { return jellyfin() && major >= 12; }
    // Emby logs session activity for every request naming Client, Device and
    // DeviceId, an API key's included. Jellyfin files sessions at sign-in and
    // for the caller of a session endpoint only.
    bool everyRequestFilesSession() const { return !jellyfin(); }
    // Jellyfin shows a non-administrator their own sessions and those of no
    // user; what Emby 4.8 shows them is unknown, so all are shown.
    bool hidesOthersSessions() const { return jellyfin(); }
};

// The full version string for --server-version (4.8 → 4.8.11.0, 10.11 →
// 10.11.0, 12.0 → 12.0.0; a full version of those lines is kept as given).
// Throws std::invalid_argument for a version the flavour does not have.
std::string resolveServerVersion(Flavor flavor, const std::string& wanted);

// The rules of a server reporting `version`.
Dialect dialectFor(Flavor flavor, const std::string& version);

}  // namespace sim
