#include "user_names.h"

#include "api_error.h"
#include "sim_state.h"
#include "text_util.h"

#include <cctype>

namespace sim {

namespace {

// Jellyfin: ^(?!\s)[\w\ \-'._@+]+(?<!\s)$ ; non-ASCII bytes count as \w.
bool jellyfinNameAllowed(const std::string& name) {
    if (name.empty() || std::isspace(static_cast<unsigned char>(name.front())) ||
        std::isspace(static_cast<unsigned char>(name.back())))
        return false;
    for (unsigned char c : name) {
        const bool ok = c >= 0x80 || std::isalnum(c) || c == '_' || c == ' ' || c == '-' || c == '\'' ||
                        c == '.' || c == '@' || c == '+';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

void validateUserName(SimState& state, const std::string& name, const std::string& selfId) {
    if (trim(name).empty()) throw badRequest("Value cannot be null. Parameter name: name");
    if (state.flavor == Flavor::Emby) {
        if (name.find('<') != std::string::npos || name.find('>') != std::string::npos)
            throw badRequest("Usernames can contain unicode symbols, numbers (0-9), dashes (-), underscores (_), "
                             "apostrophes ('), and periods (.)");
    } else if (!jellyfinNameAllowed(name)) {
        throw badRequest("Usernames can contain unicode symbols, numbers (0-9), dashes (-), underscores (_), "
                         "apostrophes ('), periods (.) and spaces.");
    }
    const User* existing = state.findUserByName(name);
    if (existing && existing->id != selfId)
        throw badRequest("A user with the name '" + name + "' already exists.");
}

}  // namespace sim
