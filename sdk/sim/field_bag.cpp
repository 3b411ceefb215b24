#include "field_bag.h"

#include "api_error.h"
#include "text_util.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace sim {

namespace {

Poco::Dynamic::Var parseDefault(const FieldSpec& spec) {
    // Poco's parser refuses a bare top-level scalar, so wrap it in an array.
    Poco::JSON::Parser parser;
    JsonArray wrapped = asArray(parser.parse("[" + spec.defaultJson + "]"));
    return wrapped->get(0);
}

bool isAllowed(const FieldSpec& spec, const std::string& value) {
    return spec.allowed.empty() ||
           std::find(spec.allowed.begin(), spec.allowed.end(), value) != spec.allowed.end();
}

ApiError invalid(const FieldSpec& spec) {
    return badRequest("Invalid value for '" + spec.name + "'.");
}

Poco::Dynamic::Var readStringList(const FieldSpec& spec, const Poco::Dynamic::Var& value) {
    JsonArray array = asArray(value);
    if (!array) throw invalid(spec);
    JsonArray clean = makeArray();
    for (std::size_t i = 0; i < array->size(); ++i) {
        Poco::Dynamic::Var item = array->get(static_cast<unsigned>(i));
        if (!isJsonString(item)) throw invalid(spec);
        std::string text = item.extract<std::string>();
        if (spec.kind == FieldKind::GuidList) {
            text = normalizeGuid(text);
            if (text.empty()) throw invalid(spec);
        } else if (!isAllowed(spec, text)) {
            throw invalid(spec);
        }
        clean->add(text);
    }
    return clean;
}

std::optional<bool> lenientBool(const Poco::Dynamic::Var& value) {
    if (isJsonInteger(value)) {
        const auto n = value.convert<Poco::Int64>();
        if (n == 0 || n == 1) return n == 1;
    } else if (isJsonString(value)) {
        const std::string text = toLower(trim(value.extract<std::string>()));
        if (text == "true" || text == "1") return true;
        if (text == "false" || text == "0") return false;
    }
    return std::nullopt;
}

std::optional<Poco::Int64> numericString(const Poco::Dynamic::Var& value) {
    if (!isJsonString(value)) return std::nullopt;
    const std::string text = value.extract<std::string>();
    const bool digits = !text.empty() && std::all_of(text.begin() + (text[0] == '-' ? 1 : 0), text.end(),
                                                     [](unsigned char c) { return std::isdigit(c) != 0; });
    if (!digits || text == "-") return std::nullopt;
    try {
        return std::stoll(text);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// Validates one present, non-null property against its spec.
Poco::Dynamic::Var readField(const FieldSpec& spec, const Poco::Dynamic::Var& value, Flavor flavor) {
    switch (spec.kind) {
    case FieldKind::Bool:
        if (isJsonBool(value)) return value.extract<bool>();
        if (flavor == Flavor::Emby)
            if (auto b = lenientBool(value)) return *b;
        throw invalid(spec);
    case FieldKind::Int:
        if (isJsonInteger(value)) return value.convert<Poco::Int64>();
        if (auto n = numericString(value)) return *n;
        throw invalid(spec);
    case FieldKind::String: {
        std::string text;
        if (isJsonString(value)) text = value.extract<std::string>();
        else if (flavor == Flavor::Jellyfin && (isJsonBool(value) || value.isNumeric())) text = value.toString();
        else throw invalid(spec);
        if (!isAllowed(spec, text)) throw invalid(spec);
        return text;
    }
    case FieldKind::StringList:
    case FieldKind::GuidList:
        return readStringList(spec, value);
    case FieldKind::ObjectList: {
        JsonArray array = asArray(value);
        if (!array) throw invalid(spec);
        for (std::size_t i = 0; i < array->size(); ++i)
            if (!asObject(array->get(static_cast<unsigned>(i)))) throw invalid(spec);
        return array;
    }
    }
    throw invalid(spec);
}

}  // namespace

FieldBag::FieldBag(const FieldTable& table) : table_(&table) {
    values_.reserve(table.size());
    for (const auto& spec : table) values_.push_back(parseDefault(spec));
}

FieldBag FieldBag::fromJson(const FieldTable& table, const JsonObject& body, Flavor flavor) {
    FieldBag bag(table);
    for (std::size_t i = 0; i < table.size(); ++i) {
        const FieldSpec& spec = table[i];
        auto value = findField(body, spec.name);
        if (!value) {
            if (spec.required) throw badRequest("'" + spec.name + "' is required.");
            continue;  // absent or null: constructor default
        }
        bag.values_[i] = readField(spec, *value, flavor);
    }
    return bag;
}

JsonObject FieldBag::toJson() const {
    JsonObject object = makeObject();
    if (!table_) return object;
    for (std::size_t i = 0; i < table_->size(); ++i)
        if (!values_[i].isEmpty()) object->set((*table_)[i].name, values_[i]);
    return object;
}

std::size_t FieldBag::indexOf(const std::string& name) const {
    if (table_) {
        for (std::size_t i = 0; i < table_->size(); ++i)
            if ((*table_)[i].name == name) return i;
    }
    throw std::logic_error("unknown settings field " + name);
}

bool FieldBag::getBool(const std::string& name) const {
    const auto& value = values_[indexOf(name)];
    return !value.isEmpty() && value.extract<bool>();
}

bool FieldBag::isNull(const std::string& name) const { return values_[indexOf(name)].isEmpty(); }

std::string FieldBag::getString(const std::string& name) const {
    const auto& value = values_[indexOf(name)];
    return value.isEmpty() ? std::string() : value.extract<std::string>();
}

std::vector<std::string> FieldBag::getStrings(const std::string& name) const {
    std::vector<std::string> items;
    JsonArray array = asArray(values_[indexOf(name)]);
    if (!array) return items;
    for (std::size_t i = 0; i < array->size(); ++i) items.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
    return items;
}

std::int64_t FieldBag::getInt(const std::string& name) const {
    const auto& value = values_[indexOf(name)];
    return value.isEmpty() ? 0 : value.convert<std::int64_t>();
}

void FieldBag::setBool(const std::string& name, bool value) { values_[indexOf(name)] = value; }

void FieldBag::setInt(const std::string& name, std::int64_t value) {
    values_[indexOf(name)] = static_cast<Poco::Int64>(value);
}

void FieldBag::copyField(const FieldBag& from, const std::string& name) {
    values_[indexOf(name)] = from.values_[from.indexOf(name)];
}

}  // namespace sim
