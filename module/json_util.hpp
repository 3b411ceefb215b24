// Small, strict helpers over Poco::JSON: parse with a size limit, read typed
// fields with clear messages, and build objects that keep key order.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace embyprov::json {

using Object = Poco::JSON::Object;
using ObjectPtr = Poco::JSON::Object::Ptr;
using Array = Poco::JSON::Array;
using ArrayPtr = Poco::JSON::Array::Ptr;

constexpr std::size_t kMaxInputBytes = 1024 * 1024;

/// A new, empty object that keeps insertion order when stringified.
ObjectPtr make_object();

/// Parses text that must be a JSON object. `what` names the input in errors
/// ("params", "config"). Throws Error(EINVALID) on malformed or oversized text.
ObjectPtr parse_object(const std::string& text, const char* what,
                       std::size_t max_bytes = kMaxInputBytes);

/// Compact serialization, UTF-8 left as is.
std::string stringify(const Poco::Dynamic::Var& value);

/// Reads a scalar as text: strings as they are, numbers in decimal,
/// booleans as "true"/"false". Missing or null: nullopt. Objects/arrays: error.
std::optional<std::string> get_text(const Object& obj, const std::string& key);

/// Like get_text but the key must be present and non-empty.
std::string require_text(const Object& obj, const std::string& key);

/// WHMCS-style flag: true, 1, "1", "on", "yes", "true" are true; false, 0,
/// "", "0", "off", "no", "false" are false. Missing: the fallback.
bool get_flag(const Object& obj, const std::string& key, bool fallback);

/// Non-negative integer from a number or numeric string; missing or "":
/// the fallback. Anything else, or over `max`: Error(EINVALID).
long long get_count(const Object& obj, const std::string& key, long long fallback,
                    long long max = 1000000);

ObjectPtr get_object(const Object& obj, const std::string& key);  ///< nullptr if absent
ArrayPtr get_array(const Object& obj, const std::string& key);    ///< nullptr if absent

/// Field of a server object, with the same PascalCase name Emby uses.
std::string remote_text(const Object& obj, const std::string& key);
bool remote_flag(const Object& obj, const std::string& key, bool fallback = false);

}  // namespace embyprov::json
