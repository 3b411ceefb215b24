#include "dialect.h"

#include <cstdlib>
#include <stdexcept>

namespace sim {

namespace {

bool startsWith(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0 && (text.size() == prefix.size() || text[prefix.size()] == '.');
}

}  // namespace

std::string resolveServerVersion(Flavor flavor, const std::string& wanted) {
    struct Line {
        Flavor flavor;
        const char* line;
        const char* full;
    };
    static const Line lines[] = {
        {Flavor::Emby, "4.8", "4.8.11.0"},
        {Flavor::Jellyfin, "10.11", "10.11.0"},
        {Flavor::Jellyfin, "12.0", "12.0.0"},
    };
    for (const Line& l : lines)
        if (l.flavor == flavor && startsWith(wanted, l.line)) return wanted == l.line ? l.full : wanted;
    throw std::invalid_argument(flavor == Flavor::Emby ? "--server-version: Emby mode knows 4.8"
                                                       : "--server-version: Jellyfin mode knows 10.11 and 12.0");
}

Dialect dialectFor(Flavor flavor, const std::string& version) {
    Dialect d;
    d.flavor = flavor;
    d.major = std::atoi(version.c_str());
    return d;
}

}  // namespace sim
