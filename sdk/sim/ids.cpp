#include "ids.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/DigestEngine.h>
#include <Poco/MD5Engine.h>
#include <Poco/UUIDGenerator.h>

namespace sim {

std::string randomHex32() {
    std::string dashed = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    std::string compact;
    for (char c : dashed)
        if (c != '-') compact += c;
    return compact;
}

std::string stableHex32(const std::string& text) {
    Poco::MD5Engine md5;
    md5.update(text);
    return Poco::DigestEngine::digestToHex(md5.digest());
}

std::string isoDate(const Poco::Timestamp& when, Flavor flavor) {
    // %F gives microseconds (6 digits); .NET prints ticks (7 digits).
    std::string text = Poco::DateTimeFormatter::format(when, "%Y-%m-%dT%H:%M:%S.%F") + "0";
    return text + (flavor == Flavor::Emby ? "+00:00" : "Z");
}

}  // namespace sim
