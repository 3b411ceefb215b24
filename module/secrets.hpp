// Keeps secrets out of everything the library writes: logs, the audit trail
// and error messages. A SecretSet collects the values of one call (API key,
// passwords, tokens) and masks every occurrence of them in a text, in plain,
// every encoding a server or a host might write it in (secret_forms.hpp).
#pragma once

#include <array>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace embyprov {

inline constexpr const char* kMask = "********";

class SecretSet {
public:
    SecretSet() = default;
    SecretSet(const SecretSet& other);
    SecretSet& operator=(const SecretSet&) = delete;

    /// Remembers a secret. Values shorter than kMinSecretLength are not
    /// masked as substrings (a one-letter "secret" would shred every text);
    /// they are still masked wherever a secret field name carries them.
    void add(const std::string& secret);

    static constexpr std::size_t kMinSecretLength = 4;

    /// The same set without `values` (for a result that carries them on
    /// purpose).
    SecretSet without(const std::vector<std::string>& values) const;

    /// The text with every known secret, in any of its spellings, replaced
    /// by kMask; a base64 run that holds one is replaced whole.
    std::string mask(const std::string& text) const;

private:
    mutable std::mutex mutex_;  // workers of one call add tokens concurrently
    std::vector<std::string> secrets_;       // longest first
    std::vector<std::string> base64_cores_;  // longest first
    std::array<bool, 256> may_begin_{};      // characters that can begin a spelling of one
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
