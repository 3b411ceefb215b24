// Thin helpers over Poco::JSON: ordered output objects, strict typed reads
// with case-insensitive property names (Emby's binder ignores case).
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sim {

using JsonObject = Poco::JSON::Object::Ptr;
using JsonArray = Poco::JSON::Array::Ptr;

// Output objects keep insertion order so responses read like Emby's.
JsonObject makeObject();
JsonArray makeArray();
JsonArray stringArray(const std::vector<std::string>& values);
std::string toJsonText(const Poco::Dynamic::Var& value);

// Parses a request body that must be a JSON object. An empty body is an empty
// object. Malformed JSON or a non-object → ApiError 400.
JsonObject parseObjectBody(const std::string& text);
// Same, for the simulator's own files (seed): throws std::runtime_error.
JsonObject parseObjectText(const std::string& text, const std::string& what);

bool isJsonBool(const Poco::Dynamic::Var& value);
bool isJsonInteger(const Poco::Dynamic::Var& value);
bool isJsonString(const Poco::Dynamic::Var& value);
JsonArray asArray(const Poco::Dynamic::Var& value);    // null when not an array
JsonObject asObject(const Poco::Dynamic::Var& value);  // null when not an object

// Property lookup ignoring case. nullopt when absent or JSON null.
std::optional<Poco::Dynamic::Var> findField(const JsonObject& object, const std::string& name);
// Typed optional reads; a present value of the wrong type → ApiError 400.
std::optional<std::string> optString(const JsonObject& object, const std::string& name);
std::optional<bool> optBool(const JsonObject& object, const std::string& name);
std::optional<std::int64_t> optInt(const JsonObject& object, const std::string& name);
std::optional<double> optNumber(const JsonObject& object, const std::string& name);
std::optional<std::vector<std::string>> optStringList(const JsonObject& object, const std::string& name);

}  // namespace sim
