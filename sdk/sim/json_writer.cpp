#include "json_writer.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cmath>
#include <cstdio>

namespace sim {

namespace {

void writeString(const std::string& text, std::string& out) {
    out += '"';
    for (unsigned char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                out += escaped;
            } else {
                out += static_cast<char>(c);  // UTF-8 passes through
            }
        }
    }
    out += '"';
}

void writeNumber(const Poco::Dynamic::Var& value, std::string& out) {
    if (value.isInteger()) {
        out += value.isSigned() ? std::to_string(value.convert<Poco::Int64>())
                                : std::to_string(value.convert<Poco::UInt64>());
        return;
    }
    const double number = value.convert<double>();
    if (!std::isfinite(number)) {
        out += "null";
        return;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", number);
    out += buffer;
}

void writeObject(const Poco::JSON::Object& object, std::string& out) {
    out += '{';
    bool first = true;
    for (const auto& name : object.getNames()) {
        if (!first) out += ',';
        first = false;
        writeString(name, out);
        out += ':';
        writeJson(object.get(name), out);
    }
    out += '}';
}

void writeArray(const Poco::JSON::Array& array, std::string& out) {
    out += '[';
    for (std::size_t i = 0; i < array.size(); ++i) {
        if (i) out += ',';
        writeJson(array.get(static_cast<unsigned>(i)), out);
    }
    out += ']';
}

}  // namespace

void writeJson(const Poco::Dynamic::Var& value, std::string& out) {
    if (value.isEmpty()) {
        out += "null";
    } else if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        writeObject(*value.extract<Poco::JSON::Object::Ptr>(), out);
    } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        writeArray(*value.extract<Poco::JSON::Array::Ptr>(), out);
    } else if (value.isBoolean()) {
        out += value.extract<bool>() ? "true" : "false";
    } else if (value.isNumeric()) {
        writeNumber(value, out);
    } else {
        writeString(value.convert<std::string>(), out);
    }
}

}  // namespace sim
