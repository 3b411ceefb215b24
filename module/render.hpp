// Renders client-area templates (mustache, every value HTML-escaped) from a
// JSON view model. Kept in one file so only it includes the large mustache
// header.
#pragma once

#include <string>

#include "json_util.hpp"

namespace embyprov {

/// Renders templates/<name>.mustache (or <override_dir>/<name>.mustache)
/// with `vars`. "{{>_other}}" includes templates/_other.mustache the same
/// way. A page's text is parsed once per thread and text (edits on disk
/// show on the next page). Throws Error(ERROR) when the template is missing
/// or malformed, or its partials nest more than 8 deep.
std::string render_template(const std::string& name, const json::Object& vars,
                            const std::string& override_dir);

}  // namespace embyprov
