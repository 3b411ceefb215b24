// Renders client-area templates (mustache, every value HTML-escaped) from a
// JSON view model. Kept in one file so only it includes the large mustache
// header.
#pragma once

#include <string>

#include "json_util.hpp"

namespace embyprov {

/// Renders templates/<name>.mustache (or <override_dir>/<name>.mustache)
/// with `vars`. "{{>other}}" includes templates/other.mustache the same way.
/// Throws Error(ERROR) when the template is missing or malformed.
std::string render_template(const std::string& name, const json::Object& vars,
                            const std::string& override_dir);

}  // namespace embyprov
