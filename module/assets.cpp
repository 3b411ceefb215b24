#include "assets.hpp"

#include <fstream>
#include <sstream>

#include <Poco/File.h>
#include <Poco/Path.h>

namespace embyprov::assets {

std::optional<std::string> builtin(const std::string& folder, const std::string& name)
{
    const std::string wanted = folder + "/" + name;
    for (const Asset& a : all())
        if (wanted == a.path)
            return std::string(a.data, a.size);
    return std::nullopt;
}

std::optional<std::string> from_folder(const std::string& dir, const std::string& name)
{
    if (dir.empty() || name.empty() || name.find_first_of("/\\") != std::string::npos || name[0] == '.')
        return std::nullopt;
    const std::string path = Poco::Path(dir).append(name).toString();
    if (!Poco::File(path).exists())
        return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof())
        return std::nullopt;
    return text.str();
}

std::optional<std::string> load(const std::string& folder, const std::string& name,
                                const std::string& override_dir)
{
    if (name.empty() || name.find_first_of("/\\") != std::string::npos || name[0] == '.')
        return std::nullopt;
    if (auto custom = from_folder(override_dir, name))
        return custom;
    return builtin(folder, name);
}

}  // namespace embyprov::assets
