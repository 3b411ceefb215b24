#include "field_bag.h"

#include "api_error.h"
#include "text_util.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
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

// Validates one present, non-null property against its spec.
Poco::Dynamic::Var readField(const FieldSpec& spec, const Poco::Dynamic::Var& value) {
    switch (spec.kind) {
    case FieldKind::Bool:
        if (!isJsonBool(value)) throw invalid(spec);
        return value.extract<bool>();
    case FieldKind::Int:
        if (!isJsonInteger(value)) throw invalid(spec);
        return value.convert<Poco::Int64>();
    case FieldKind::String:
        if (!isJsonString(value) || !isAllowed(spec, value.extract<std::string>())) throw invalid(spec);
        return value.extract<std::string>();
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

FieldBag FieldBag::fromJson(const FieldTable& table, const JsonObject& body) {
    FieldBag bag(table);
    for (std::size_t i = 0; i < table.size(); ++i) {
        const FieldSpec& spec = table[i];
        auto value = findField(body, spec.name);
        if (!value) {
            if (spec.required) throw badRequest("'" + spec.name + "' is required.");
            continue;  // absent or null: constructor default
        }
        bag.values_[i] = readField(spec, *value);
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

}  // namespace sim
