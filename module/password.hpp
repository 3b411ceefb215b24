// Passwords generated for customers, from OpenSSL's CSPRNG.
#pragma once

#include <cstddef>
#include <string>

namespace embyprov {

/// A random password of `length` characters (8..128) drawn uniformly from
/// letters and digits without look-alikes (no 0/O, 1/l/I), with at least one
/// lower-case letter, one upper-case letter and one digit.
/// Throws Error(ERROR) if the CSPRNG fails.
std::string generate_password(std::size_t length = 16);

/// What is wrong with a password someone chose: the one rule set, 8..128
/// bytes and no control characters.
enum class PasswordIssue { None, TooShort, TooLong, ControlCharacters };
PasswordIssue check_password(const std::string& password);

/// check_password() worded in English, or "" when the password is fine.
std::string password_problem(const std::string& password);

}  // namespace embyprov
