// The spellings a secret can take in a text a server or a host wrote: as
// it is, JSON-escaped (any character may be a `\uXXXX`, `/` may be `\/`),
// HTML-escaped (named, decimal and hex character references), URL-encoded
// (`%XX` in either case, `+` for a space), or inside base64 (an
// `Authorization: Basic` value of `user:password`). Matching decodes the
// text one unit at a time against the secret, so every mix of these
// spellings is found without listing the forms.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace embyprov::secret_forms {

/// Length of the text, starting at `pos`, that spells `secret` in any of
/// the encodings above (the longest such spelling); 0 when none does.
/// Each reading tried takes one from `budget`; once it is spent, the rest of
/// the text counts as a match (a text contrived to make readings branch
/// is masked rather than followed without end).
std::size_t match_at(std::string_view text, std::size_t pos, std::string_view secret,
                     std::size_t& budget);

/// True when `c` can begin a spelling of a secret that begins with `first`.
bool may_begin(char c, char first);

/// The base64 characters any base64 text containing `secret` must contain,
/// whatever its alignment: one run per alignment and alphabet (standard and
/// URL-safe). Empty for secrets under kBase64MinLength bytes, whose runs
/// would be too short to tell from ordinary words.
std::vector<std::string> base64_cores(std::string_view secret);

inline constexpr std::size_t kBase64MinLength = 6;

/// True for the characters of a base64 text (both alphabets, padding).
bool is_base64_char(char c);

}  // namespace embyprov::secret_forms
