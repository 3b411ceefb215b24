#include "secrets.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <Poco/JSON/Array.h>

#include "secret_forms.hpp"

namespace embyprov {

namespace {

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
    const auto longest_first = [](const std::string& a, const std::string& b) { return a.size() > b.size(); };
    std::lock_guard<std::mutex> lock(mutex_);
    if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end())
        return;
    secrets_.push_back(secret);
    for (int c = 0; c < 256; ++c)
        may_begin_[c] = may_begin_[c] || secret_forms::may_begin(static_cast<char>(c), secret[0]);
    // Longest first, so a secret that contains another is masked whole.
    std::stable_sort(secrets_.begin(), secrets_.end(), longest_first);
    for (std::string& core : secret_forms::base64_cores(secret))
        base64_cores_.push_back(std::move(core));
    std::stable_sort(base64_cores_.begin(), base64_cores_.end(), longest_first);
}

SecretSet::SecretSet(const SecretSet& other)
{
    std::lock_guard<std::mutex> lock(other.mutex_);
    secrets_ = other.secrets_;
    base64_cores_ = other.base64_cores_;
    may_begin_ = other.may_begin_;
}

SecretSet SecretSet::without(const std::vector<std::string>& values) const
{
    std::vector<std::string> kept;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const std::string& s : secrets_)
            if (std::find(values.begin(), values.end(), s) == values.end())
                kept.push_back(s);
    }
    SecretSet out;
    for (const std::string& s : kept)
        out.add(s);
    return out;
}

std::string SecretSet::mask(const std::string& text) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (secrets_.empty())
        return text;
    // Characters that cannot begin a spelling of any secret are copied
    // without trying.
    // Ordinary texts take about one reading per character and secret.
    std::size_t budget = 64 * (text.size() + 64) * secrets_.size();
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = 0;
        if (may_begin_[static_cast<unsigned char>(text[i])])
            for (const std::string& s : secrets_)
                if ((length = secret_forms::match_at(text, i, s, budget)) > 0)
                    break;
        if (length == 0) {
            out += text[i++];
            continue;
        }
        out += kMask;
        i += length;
    }
    // A base64 text that carries a secret goes whole: its first and last
    // characters mix the secret's bits with its neighbours'.
    for (const std::string& core : base64_cores_) {
        std::size_t pos = 0;
        while ((pos = out.find(core, pos)) != std::string::npos) {
            std::size_t from = pos, to = pos + core.size();
            while (from > 0 && out[from - 1] != '=' && secret_forms::is_base64_char(out[from - 1]))
                --from;
            while (to < out.size() && secret_forms::is_base64_char(out[to]))
                ++to;
            out.replace(from, to - from, kMask);
            pos = from + std::char_traits<char>::length(kMask);
        }
    }
    return out;
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
