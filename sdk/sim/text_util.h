// Small string helpers shared by the simulator's sources.
#pragma once

#include <string>
#include <vector>

namespace sim {

std::string toLower(std::string text);
bool iequals(const std::string& a, const std::string& b);
// Case-insensitive (ASCII) substring test; an empty needle always matches.
bool icontains(const std::string& haystack, const std::string& needle);
bool istartsWith(const std::string& text, const std::string& prefix);
std::string trim(const std::string& text);
std::vector<std::string> split(const std::string& text, char separator);
// What Emby 3.x does to header values before storing them (& becomes &amp; ...).
std::string htmlEncode(const std::string& text);
// Lower-case, dash-free form of a GUID, or "" when the text is not a GUID
// (32 hex digits, optionally in the dashed 8-4-4-4-12 layout).
std::string normalizeGuid(const std::string& text);
bool isHex32(const std::string& text);

}  // namespace sim
