// Secrets the panel makes and checks itself: session ids and CSRF tokens
// from OpenSSL's CSPRNG, salted PBKDF2 hashes of customer passwords, and a
// comparison that takes the same time whatever the input.
#pragma once

#include <string>

namespace panel {

/// `bytes` random bytes from RAND_bytes, as lowercase hex. Throws when the
/// CSPRNG fails (the panel must not fall back to a weak source).
std::string random_token(std::size_t bytes = 32);

/// "pbkdf2-sha256$ITERATIONS$SALT$HASH" (hex fields).
std::string hash_password(const std::string& password);

/// True when `password` matches a hash made by hash_password().
bool verify_password(const std::string& password, const std::string& stored);

/// Compares two strings in time independent of where they differ.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace panel
