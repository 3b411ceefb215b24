// The built-in templates and language files, compiled into the library
// (see cmake/EmbedAssets.cmake), and the lookup that lets files in a
// panel's override folder win over them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace embyprov::assets {

struct Asset {
    const char* path;  ///< relative to the source tree, e.g. "templates/overview.mustache"
    const char* data;
    std::size_t size;
};

/// Every built-in asset.
const std::vector<Asset>& all();

/// The built-in `folder/name`, if there is one.
std::optional<std::string> builtin(const std::string& folder, const std::string& name);

/// The file `dir/name`, if `dir` is set and has it. `name` must be a plain
/// file name (no path separators), so a folder can never be escaped.
std::optional<std::string> from_folder(const std::string& dir, const std::string& name);

/// The content of `folder/name`: from `override_dir/name` when that file
/// exists, else the built-in one, else nullopt. `name` must be a plain file
/// name (no path separators), so an override folder can never be escaped.
std::optional<std::string> load(const std::string& folder, const std::string& name,
                                const std::string& override_dir);

}  // namespace embyprov::assets
