#include "password.hpp"

#include <openssl/rand.h>

#include "error.hpp"
#include "text_rules.hpp"

namespace embyprov {

namespace {

constexpr char kAll[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// Uniform index below `bound` by rejection sampling (no modulo bias).
std::size_t random_below(std::size_t bound)
{
    const unsigned limit = 256u - (256u % bound);
    for (;;) {
        unsigned char byte = 0;
        if (RAND_bytes(&byte, 1) != 1)
            throw Error(EMBYPROV_ERROR, "the system random generator failed");
        if (byte < limit)
            return byte % bound;
    }
}

template <std::size_t N>
char pick(const char (&alphabet)[N])
{
    return alphabet[random_below(N - 1)];
}

bool has_each_class(const std::string& s)
{
    bool lower = false, upper = false, digit = false;
    for (char c : s) {
        lower |= (c >= 'a' && c <= 'z');
        upper |= (c >= 'A' && c <= 'Z');
        digit |= (c >= '0' && c <= '9');
    }
    return lower && upper && digit;
}

}  // namespace

std::string generate_password(std::size_t length)
{
    if (length < 8 || length > 128)
        throw Error(EMBYPROV_EINVALID, "password length must be 8..128");
    std::string out;
    do {  // redraw the whole password rather than bias positions
        out.clear();
        for (std::size_t i = 0; i < length; ++i)
            out += pick(kAll);
    } while (!has_each_class(out));
    return out;
}

PasswordIssue check_password(const std::string& password)
{
    if (password.size() < 8)
        return PasswordIssue::TooShort;
    if (password.size() > 128)
        return PasswordIssue::TooLong;
    if (has_control_characters(password))
        return PasswordIssue::ControlCharacters;
    return PasswordIssue::None;
}

std::string password_problem(const std::string& password)
{
    switch (check_password(password)) {
    case PasswordIssue::TooShort: return "the password must have at least 8 characters";
    case PasswordIssue::TooLong: return "the password must have at most 128 characters";
    case PasswordIssue::ControlCharacters: return "the password must not contain control characters";
    default: return {};
    }
}

}  // namespace embyprov
