#include "json_util.hpp"

#include <cctype>
#include <sstream>

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include "error.hpp"

namespace embyprov::json {

namespace {

Poco::Dynamic::Var parse_any(const std::string& text)
{
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    return parser.parse(text);
}

std::string lower(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

ObjectPtr make_object()
{
    return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

ObjectPtr parse_object(const std::string& text, const char* what, std::size_t max_bytes)
{
    if (text.size() > max_bytes)
        throw_invalid(std::string(what) + " is too large (" + std::to_string(text.size()) +
                      " bytes; the limit is " + std::to_string(max_bytes) + ")");
    Poco::Dynamic::Var value;
    try {
        value = parse_any(text);
    } catch (const Poco::Exception& e) {
        throw_invalid(std::string(what) + " is not valid JSON: " + e.message());
    }
    if (value.type() != typeid(ObjectPtr))
        throw_invalid(std::string(what) + " must be a JSON object");
    return value.extract<ObjectPtr>();
}

std::string stringify(const Poco::Dynamic::Var& value)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

std::optional<std::string> get_text(const Object& obj, const std::string& key)
{
    if (!obj.has(key))
        return std::nullopt;
    Poco::Dynamic::Var v = obj.get(key);
    if (v.isEmpty())
        return std::nullopt;
    if (v.type() == typeid(ObjectPtr) || v.type() == typeid(ArrayPtr))
        throw_invalid("'" + key + "' must be a string or a number");
    if (v.type() == typeid(bool))
        return std::string(v.extract<bool>() ? "true" : "false");
    return v.convert<std::string>();
}

std::string require_text(const Object& obj, const std::string& key)
{
    auto v = get_text(obj, key);
    if (!v || v->empty())
        throw_invalid("'" + key + "' is required");
    return *v;
}

bool get_flag(const Object& obj, const std::string& key, bool fallback)
{
    auto v = get_text(obj, key);
    if (!v)
        return fallback;
    const std::string s = lower(*v);
    if (s == "1" || s == "on" || s == "yes" || s == "true")
        return true;
    if (s.empty() || s == "0" || s == "off" || s == "no" || s == "false")
        return false;
    throw_invalid("'" + key + "' must be a yes/no value, not '" + *v + "'");
}

long long get_count(const Object& obj, const std::string& key, long long fallback,
                    long long max)
{
    auto v = get_text(obj, key);
    if (!v)
        return fallback;
    std::string s = *v;
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.pop_back();
    std::size_t start = 0;
    while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start])))
        ++start;
    s = s.substr(start);
    if (s.empty())
        return fallback;
    long long n = 0;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            throw_invalid("'" + key + "' must be a whole number >= 0, not '" + *v + "'");
        n = n * 10 + (c - '0');
        if (n > max)
            throw_invalid("'" + key + "' must be at most " + std::to_string(max));
    }
    return n;
}

ObjectPtr get_object(const Object& obj, const std::string& key)
{
    if (!obj.has(key) || obj.get(key).type() != typeid(ObjectPtr))
        return nullptr;
    return obj.getObject(key);
}

ArrayPtr get_array(const Object& obj, const std::string& key)
{
    if (!obj.has(key) || obj.get(key).type() != typeid(ArrayPtr))
        return nullptr;
    return obj.getArray(key);
}

std::string remote_text(const Object& obj, const std::string& key)
{
    if (!obj.has(key))
        return {};
    Poco::Dynamic::Var v = obj.get(key);
    if (v.isEmpty() || v.type() == typeid(ObjectPtr) || v.type() == typeid(ArrayPtr))
        return {};
    try {
        return v.convert<std::string>();
    } catch (const Poco::Exception&) {
        return {};
    }
}

bool remote_flag(const Object& obj, const std::string& key, bool fallback)
{
    if (!obj.has(key))
        return fallback;
    Poco::Dynamic::Var v = obj.get(key);
    if (v.type() == typeid(bool))
        return v.extract<bool>();
    return fallback;
}

}  // namespace embyprov::json
