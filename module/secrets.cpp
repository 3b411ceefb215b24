#include "secrets.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

namespace embyprov {

namespace {

std::string json_escaped(const std::string& s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '/': out += "\\/"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: out += c;
        }
    }
    return out;
}

void replace_all(std::string& text, const std::string& needle)
{
    if (needle.empty())
        return;
    std::size_t pos = 0;
    while ((pos = text.find(needle, pos)) != std::string::npos) {
        text.replace(pos, needle.size(), kMask);
        pos += std::char_traits<char>::length(kMask);
    }
}

// Names are compared case-insensitively.
constexpr std::array<const char*, 12> kSecretFields = {
    "pw", "newpw", "currentpw", "password", "accesstoken", "api_key", "apikey",
    "serveraccesshash", "serverpassword", "token", "pin", "currentpassword"};

bool is_secret_field(const std::string& name)
{
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(kSecretFields.begin(), kSecretFields.end(), lower) != kSecretFields.end();
}

}  // namespace

void SecretSet::add(const std::string& secret)
{
    if (secret.size() < kMinSecretLength)
        return;
    std::string encoded;
    Poco::URI::encode(secret, "!#$&'()*+,/:;=?@[]", encoded);
    std::lock_guard<std::mutex> lock(mutex_);
    for (const std::string& form : {secret, json_escaped(secret), encoded}) {
        if (std::find(forms_.begin(), forms_.end(), form) == forms_.end())
            forms_.push_back(form);
    }
    // Longest first, so a secret that contains another is masked whole.
    std::sort(forms_.begin(), forms_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string SecretSet::mask(std::string text) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    for (const std::string& form : forms_)
        replace_all(text, form);
    return text;
}

std::string mask_secret_fields(const std::string& text)
{
    // Scan for "name" : "value" pairs; mask the value when the name is secret.
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '"') {
            out += text[i++];
            continue;
        }
        // Read a quoted string.
        std::size_t end = i + 1;
        while (end < text.size() && text[end] != '"')
            end += (text[end] == '\\') ? 2 : 1;
        if (end >= text.size()) {
            out.append(text, i, std::string::npos);
            break;
        }
        const std::string name = text.substr(i + 1, end - i - 1);
        out.append(text, i, end - i + 1);
        i = end + 1;
        std::size_t j = i;
        while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j])))
            ++j;
        if (j >= text.size() || text[j] != ':' || !is_secret_field(name))
            continue;
        ++j;
        while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j])))
            ++j;
        if (j < text.size() && text[j] == '"') {
            std::size_t vend = j + 1;
            while (vend < text.size() && text[vend] != '"')
                vend += (text[vend] == '\\') ? 2 : 1;
            out.append(text, i, j - i);
            out += '"';
            out += kMask;
            out += '"';
            i = std::min(vend + 1, text.size());
        }
    }
    return out;
}

std::string mask_all(const SecretSet& secrets, const std::string& text)
{
    return mask_secret_fields(secrets.mask(text));
}

namespace {

void mask_value(const SecretSet& secrets, Poco::Dynamic::Var& value)
{
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        Poco::JSON::Object::Ptr child = value.extract<Poco::JSON::Object::Ptr>();
        mask_json(secrets, *child);
    } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto array = value.extract<Poco::JSON::Array::Ptr>();
        for (unsigned i = 0; i < array->size(); ++i) {
            Poco::Dynamic::Var item = array->get(i);
            mask_value(secrets, item);
            array->set(i, item);
        }
    } else if (value.isString()) {
        value = mask_all(secrets, value.extract<std::string>());
    }
}

}  // namespace

void mask_json(const SecretSet& secrets, Poco::JSON::Object& object)
{
    for (const auto& name : object.getNames()) {
        Poco::Dynamic::Var value = object.get(name);
        mask_value(secrets, value);
        object.set(name, value);
    }
}

}  // namespace embyprov
