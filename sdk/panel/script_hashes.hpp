// Content-Security-Policy hashes for the inline <script> blocks of the
// module's client-area markup. The panel's pages allow no script at all;
// on a client-area page it allows exactly the module's own script blocks
// (select all, copy), by hash, so an injected event handler or a changed
// script still cannot run.
#pragma once

#include <string>

namespace panel {

/// "'sha256-…' 'sha256-…'" for every inline <script> in `html` (none → "").
std::string inline_script_hashes(const std::string& html);

}  // namespace panel
