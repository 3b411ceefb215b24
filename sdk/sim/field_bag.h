// Table-driven settings objects (UserPolicy, UserConfiguration).
//
// Emby reads a policy body into a *fresh* object, so every property the
// client leaves out falls back to the constructor default ("replace-all").
// A FieldBag models exactly that: a fixed table of typed fields with
// defaults, filled from a JSON body in one go.
#pragma once

#include "ids.h"
#include "json_util.h"

#include <Poco/Dynamic/Var.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sim {

enum class FieldKind {
    Bool,
    Int,         // integer, JSON null allowed when the default is null
    String,      // optionally restricted to `allowed`
    StringList,  // optionally every item restricted to `allowed`
    GuidList,    // Jellyfin uuid[]: any GUID text, stored as 32-hex; else 400
    ObjectList,  // array of objects, kept as sent (AccessSchedules)
};

struct FieldSpec {
    std::string name;
    FieldKind kind;
    std::string defaultJson;  // JSON literal: "true", "0", "[]", "null", "\"Default\""
    std::vector<std::string> allowed = {};
    bool required = false;  // absent or null → 400 (Jellyfin provider ids)
};

using FieldTable = std::vector<FieldSpec>;

class FieldBag {
public:
    FieldBag() = default;
    // Every field at its default.
    explicit FieldBag(const FieldTable& table);
    // Replace-all read of a request body. Unknown properties are ignored, a
    // wrong type or a disallowed value → ApiError 400. How strict the types
    // are is the server's: Emby also takes 1/0 and "true"/"1" for booleans
    // and numeric strings for integers; Jellyfin takes numeric strings for
    // integers and any scalar for a string, but only true/false.
    static FieldBag fromJson(const FieldTable& table, const JsonObject& body, Flavor flavor);

    // Null fields are left out, as Emby's serializer does.
    JsonObject toJson() const;

    bool getBool(const std::string& name) const;
    bool isNull(const std::string& name) const;
    std::string getString(const std::string& name) const;
    std::vector<std::string> getStrings(const std::string& name) const;
    std::int64_t getInt(const std::string& name) const;
    void setBool(const std::string& name, bool value);
    void setInt(const std::string& name, std::int64_t value);
    // Takes one field's value from another bag of the same table.
    void copyField(const FieldBag& from, const std::string& name);

private:
    std::size_t indexOf(const std::string& name) const;

    const FieldTable* table_ = nullptr;
    std::vector<Poco::Dynamic::Var> values_;  // parallel to *table_; empty Var = null
};

}  // namespace sim
