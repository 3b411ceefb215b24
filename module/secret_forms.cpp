#include "secret_forms.hpp"

#include <algorithm>
#include <cctype>

namespace embyprov::secret_forms {

namespace {

/// One way of reading the text at a position: how many characters it takes
/// and the bytes they stand for.
struct Unit {
    std::size_t length = 0;
    std::string bytes;
};

void append_utf8(std::string& out, unsigned long cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// The value of `digits` hex digits at text[pos], or -1.
long hex_at(std::string_view text, std::size_t pos, std::size_t digits)
{
    if (pos + digits > text.size())
        return -1;
    long v = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        const int d = hex_value(text[pos + i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

void json_escape_units(std::string_view text, std::size_t pos, std::vector<Unit>& out)
{
    if (pos + 1 >= text.size())
        return;
    const char e = text[pos + 1];
    const char* const simple = "\"\\/bfnrt";
    const char* const meant = "\"\\/\b\f\n\r\t";
    if (const char* hit = std::char_traits<char>::find(simple, 8, e)) {
        out.push_back({2, std::string(1, meant[hit - simple])});
        return;
    }
    if (e != 'u')
        return;
    const long cp = hex_at(text, pos + 2, 4);
    if (cp < 0)
        return;
    Unit u;
    if (cp >= 0xd800 && cp <= 0xdbff) {  // a surrogate pair spells one code point
        const bool pair = pos + 7 < text.size() && text[pos + 6] == '\\' && text[pos + 7] == 'u';
        const long low = pair ? hex_at(text, pos + 8, 4) : -1;
        if (low < 0xdc00 || low > 0xdfff)
            return;
        append_utf8(u.bytes, 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00));
        u.length = 12;
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        return;
    } else {
        append_utf8(u.bytes, static_cast<unsigned long>(cp));
        u.length = 6;
    }
    out.push_back(std::move(u));
}

bool starts_with_nocase(std::string_view text, std::size_t pos, std::string_view word)
{
    if (pos + word.size() > text.size())
        return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[pos + i])) != word[i])
            return false;
    return true;
}

void html_reference_units(std::string_view text, std::size_t pos, std::vector<Unit>& out)
{
    static const struct { std::string_view name; char meant; } kNamed[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    for (const auto& n : kNamed)
        if (starts_with_nocase(text, pos, n.name))
            out.push_back({n.name.size(), std::string(1, n.meant)});
    if (pos + 1 >= text.size() || text[pos + 1] != '#')
        return;
    std::size_t i = pos + 2;
    const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
    if (hex)
        ++i;
    unsigned long cp = 0;
    const std::size_t digits_from = i;
    while (i < text.size() && i - digits_from < 8) {
        const int d = hex ? hex_value(text[i]) : (std::isdigit(static_cast<unsigned char>(text[i])) ? text[i] - '0' : -1);
        if (d < 0)
            break;
        cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(d);
        ++i;
    }
    if (i == digits_from || i >= text.size() || text[i] != ';' || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return;
    Unit u;
    append_utf8(u.bytes, cp);
    u.length = i + 1 - pos;
    out.push_back(std::move(u));
}

/// Every reading of the text at `pos`: the character itself and, where it
/// starts an escape, what the escape stands for.
void units_at(std::string_view text, std::size_t pos, std::vector<Unit>& out)
{
    out.clear();
    const char c = text[pos];
    out.push_back({1, std::string(1, c)});
    switch (c) {
    case '\\': json_escape_units(text, pos, out); break;
    case '&': html_reference_units(text, pos, out); break;
    case '%': {
        const long b = hex_at(text, pos + 1, 2);
        if (b >= 0)
            out.push_back({3, std::string(1, static_cast<char>(b))});
        break;
    }
    case '+': out.push_back({1, " "}); break;
    default: break;
    }
}

}  // namespace

bool may_begin(char c, char first)
{
    return c == first || c == '\\' || c == '&' || c == '%' || (c == '+' && first == ' ');
}

std::size_t match_at(std::string_view text, std::size_t pos, std::string_view secret,
                     std::size_t& budget)
{
    if (secret.empty() || pos >= text.size() || !may_begin(text[pos], secret[0]))
        return 0;
    // reach[j]: the text positions from which secret[j..] is still to be
    // spelled. Each secret byte is reached at a handful of positions at
    // most, so this stays linear however the escapes overlap.
    std::vector<std::vector<std::size_t>> reach(secret.size() + 1);
    reach[0].push_back(pos);
    std::vector<Unit> units;
    for (std::size_t j = 0; j < secret.size(); ++j) {
        std::sort(reach[j].begin(), reach[j].end());
        reach[j].erase(std::unique(reach[j].begin(), reach[j].end()), reach[j].end());
        for (const std::size_t p : reach[j]) {
            if (p >= text.size())
                continue;
            // A text built to make the readings branch without end (a
            // secret of backslashes among many) is masked to its end once
            // the call's budget is spent: too much masked is safe.
            if (budget == 0)
                return text.size() - pos;
            --budget;
            units_at(text, p, units);
            for (const Unit& u : units)
                if (j + u.bytes.size() <= secret.size() && secret.compare(j, u.bytes.size(), u.bytes) == 0)
                    reach[j + u.bytes.size()].push_back(p + u.length);
        }
    }
    const auto& done = reach[secret.size()];
    return done.empty() ? 0 : *std::max_element(done.begin(), done.end()) - pos;
}

bool is_base64_char(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '-' ||
           c == '_' || c == '=';
}

std::vector<std::string> base64_cores(std::string_view secret)
{
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::vector<std::string> cores;
    if (secret.size() < kBase64MinLength)
        return cores;
    for (std::size_t shift = 0; shift < 3; ++shift) {
        // The secret after `shift` bytes of anything: the characters whose
        // six bits all come from the secret do not depend on what is around.
        std::string bytes(shift, '\0');
        bytes.append(secret);
        std::string encoded;
        for (std::size_t bit = 0; bit + 6 <= bytes.size() * 8; bit += 6) {
            unsigned v = 0;
            for (std::size_t b = bit; b < bit + 6; ++b)
                v = (v << 1) | ((static_cast<unsigned char>(bytes[b / 8]) >> (7 - b % 8)) & 1u);
            encoded += kAlphabet[v];
        }
        const std::size_t first = (8 * shift + 5) / 6;
        std::string core = encoded.substr(first);
        std::string url_safe = core;
        std::replace(url_safe.begin(), url_safe.end(), '+', '-');
        std::replace(url_safe.begin(), url_safe.end(), '/', '_');
        cores.push_back(core);
        if (url_safe != core)
            cores.push_back(url_safe);
    }
    return cores;
}

}  // namespace embyprov::secret_forms
