#include "user_names.h"

#include "api_error.h"
#include "sim_state.h"
#include "text_util.h"

#include <cctype>

#include <Poco/TextIterator.h>
#include <Poco/UTF8String.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/Unicode.h>

namespace sim {

namespace {

// Jellyfin: ^(?!\s)[\w\ \-'._@+]+(?<!\s)$, where .NET's \w is a letter, a
// non-spacing mark, a decimal digit or connector punctuation. Jellyfin 12
// also refuses "." and "..".
bool wordCharacter(int cp) {
    Poco::Unicode::CharacterProperties p{};
    Poco::Unicode::properties(cp, p);
    switch (p.type) {
        case Poco::Unicode::UCP_NON_SPACING_MARK:
        case Poco::Unicode::UCP_DECIMAL_NUMBER:
        case Poco::Unicode::UCP_CONNECTOR_PUNCTUATION: return true;
        default: return p.category == Poco::Unicode::UCP_LETTER;
    }
}

bool jellyfinNameAllowed(const std::string& name, const Dialect& dialect) {
    if (name.empty() || std::isspace(static_cast<unsigned char>(name.front())) ||
        std::isspace(static_cast<unsigned char>(name.back())))
        return false;
    if (dialect.refusesDotNames() && (name == "." || name == "..")) return false;
    const std::string extra = " -'._@+";
    Poco::UTF8Encoding utf8;
    Poco::TextIterator it(name, utf8), end(name);
    for (; it != end; ++it) {
        const int cp = *it;
        if (cp < 0) return false;
        if (cp < 0x80 && extra.find(static_cast<char>(cp)) != std::string::npos) continue;
        if (!wordCharacter(cp)) return false;
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
    } else if (!jellyfinNameAllowed(name, state.dialect)) {
        throw badRequest("Usernames can contain unicode symbols, numbers (0-9), dashes (-), underscores (_), "
                         "apostrophes ('), periods (.) and spaces.");
    }
    const User* existing = state.findUserByName(name);
    if (existing && existing->id != selfId)
        throw badRequest("A user with the name '" + name + "' already exists.");
}

bool sameUserName(const std::string& a, const std::string& b) { return Poco::UTF8::icompare(a, b) == 0; }

}  // namespace sim
