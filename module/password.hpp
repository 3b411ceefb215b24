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

/// Why a password the customer chose is refused, or "" when it is fine:
/// 8..128 bytes, no control characters.
std::string password_problem(const std::string& password);

}  // namespace embyprov
