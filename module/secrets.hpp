// Keeps secrets out of everything the library writes: logs, the audit trail
// and error messages. A SecretSet collects the values of one call (API key,
// passwords, tokens) and masks every occurrence of them in a text, in plain,
// JSON-escaped and URL-encoded form.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace embyprov {

inline constexpr const char* kMask = "********";

class SecretSet {
public:
    /// Remembers a secret. Values shorter than kMinSecretLength are not
    /// masked as substrings (a one-letter "secret" would shred every text);
    /// they are still masked wherever a secret field name carries them.
    void add(const std::string& secret);

    static constexpr std::size_t kMinSecretLength = 4;

    /// The text with every known secret replaced by kMask.
    std::string mask(std::string text) const;

private:
    mutable std::mutex mutex_;  // workers of one call add tokens concurrently
    std::vector<std::string> forms_;
};

/// Masks the values of JSON members whose names denote secrets ("Pw",
/// "NewPw", "CurrentPw", "Password", "password", "AccessToken", "api_key",
/// "serveraccesshash", "serverpassword", ...), wherever they appear in the
/// text, without parsing it (the text may be truncated or not JSON at all).
std::string mask_secret_fields(const std::string& text);

/// Both maskings at once: what every log line goes through.
std::string mask_all(const SecretSet& secrets, const std::string& text);

/// Masks every string value inside a JSON object in place. Unlike masking
/// the serialized text, this can never break the JSON structure, whatever
/// characters a secret consists of.
void mask_json(const SecretSet& secrets, Poco::JSON::Object& object);

}  // namespace embyprov
