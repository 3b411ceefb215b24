#include "json_util.h"

#include "api_error.h"
#include "json_writer.h"
#include "text_util.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

namespace sim {

JsonObject makeObject() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

JsonArray makeArray() { return new Poco::JSON::Array(); }

JsonArray stringArray(const std::vector<std::string>& values) {
    JsonArray array = makeArray();
    for (const auto& value : values) array->add(value);
    return array;
}

std::string toJsonText(const Poco::Dynamic::Var& value) {
    std::string out;
    writeJson(value, out);
    return out;
}

namespace {

JsonObject parseObject(const std::string& text, std::string& error) {
    try {
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var parsed = parser.parse(text);
        JsonObject object = asObject(parsed);
        if (!object) error = "expected a JSON object";
        return object;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
    } catch (const std::exception& e) {
        error = e.what();
    }
    return nullptr;
}

}  // namespace

JsonObject parseObjectBody(const std::string& text) {
    if (trim(text).empty()) return makeObject();
    std::string error;
    JsonObject object = parseObject(text, error);
    if (!object) throw badRequest("Invalid JSON request body: " + error);
    return object;
}

JsonObject parseObjectText(const std::string& text, const std::string& what) {
    std::string error;
    JsonObject object = parseObject(text, error);
    if (!object) throw std::runtime_error(what + ": " + error);
    return object;
}

bool isJsonBool(const Poco::Dynamic::Var& value) { return value.isBoolean(); }

bool isJsonInteger(const Poco::Dynamic::Var& value) {
    // Poco reports booleans as integers too.
    return !value.isBoolean() && value.isInteger();
}

bool isJsonString(const Poco::Dynamic::Var& value) { return value.isString(); }

JsonArray asArray(const Poco::Dynamic::Var& value) {
    if (value.type() == typeid(JsonArray)) return value.extract<JsonArray>();
    return nullptr;
}

JsonObject asObject(const Poco::Dynamic::Var& value) {
    if (value.type() == typeid(JsonObject)) return value.extract<JsonObject>();
    return nullptr;
}

std::optional<Poco::Dynamic::Var> findField(const JsonObject& object, const std::string& name) {
    if (!object) return std::nullopt;
    if (object->has(name)) {
        Poco::Dynamic::Var value = object->get(name);
        if (value.isEmpty()) return std::nullopt;
        return std::optional<Poco::Dynamic::Var>(std::in_place, value);
    }
    for (const auto& entry : *object) {
        if (iequals(entry.first, name)) {
            if (entry.second.isEmpty()) return std::nullopt;
            return std::optional<Poco::Dynamic::Var>(std::in_place, entry.second);
        }
    }
    return std::nullopt;
}

std::optional<std::string> optString(const JsonObject& object, const std::string& name) {
    auto value = findField(object, name);
    if (!value) return std::nullopt;
    if (!isJsonString(*value)) throw badRequest("'" + name + "' must be a string.");
    return value->extract<std::string>();
}

std::optional<bool> optBool(const JsonObject& object, const std::string& name) {
    auto value = findField(object, name);
    if (!value) return std::nullopt;
    if (!isJsonBool(*value)) throw badRequest("'" + name + "' must be true or false.");
    return value->extract<bool>();
}

std::optional<std::int64_t> optInt(const JsonObject& object, const std::string& name) {
    auto value = findField(object, name);
    if (!value) return std::nullopt;
    if (!isJsonInteger(*value)) throw badRequest("'" + name + "' must be an integer.");
    return value->convert<std::int64_t>();
}

std::optional<double> optNumber(const JsonObject& object, const std::string& name) {
    auto value = findField(object, name);
    if (!value) return std::nullopt;
    if (value->isBoolean() || !value->isNumeric()) throw badRequest("'" + name + "' must be a number.");
    return value->convert<double>();
}

std::optional<std::vector<std::string>> optStringList(const JsonObject& object, const std::string& name) {
    auto value = findField(object, name);
    if (!value) return std::nullopt;
    JsonArray array = asArray(*value);
    if (!array) throw badRequest("'" + name + "' must be an array of strings.");
    std::vector<std::string> items;
    for (std::size_t i = 0; i < array->size(); ++i) {
        Poco::Dynamic::Var item = array->get(static_cast<unsigned>(i));
        if (!isJsonString(item)) throw badRequest("'" + name + "' must be an array of strings.");
        items.push_back(item.extract<std::string>());
    }
    return items;
}

}  // namespace sim
