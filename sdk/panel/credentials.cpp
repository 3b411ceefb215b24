#include "credentials.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace panel {

namespace {

constexpr int kIterations = 100000;
constexpr std::size_t kHashBytes = 32;

std::string to_hex(const unsigned char* data, std::size_t size)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0x0f];
    }
    return out;
}

std::vector<unsigned char> derive(const std::string& password, const std::string& salt, int iterations)
{
    std::vector<unsigned char> out(kHashBytes);
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(out.size()), out.data()) != 1)
        throw std::runtime_error("PBKDF2 failed");
    return out;
}

}  // namespace

std::string random_token(std::size_t bytes)
{
    std::vector<unsigned char> buf(bytes);
    if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1)
        throw std::runtime_error("the system random generator failed");
    return to_hex(buf.data(), buf.size());
}

std::string hash_password(const std::string& password)
{
    const std::string salt = random_token(16);
    const auto hash = derive(password, salt, kIterations);
    return "pbkdf2-sha256$" + std::to_string(kIterations) + "$" + salt + "$" +
           to_hex(hash.data(), hash.size());
}

bool verify_password(const std::string& password, const std::string& stored)
{
    // pbkdf2-sha256$ITER$SALT$HASH
    const auto a = stored.find('$');
    const auto b = a == std::string::npos ? a : stored.find('$', a + 1);
    const auto c = b == std::string::npos ? b : stored.find('$', b + 1);
    if (c == std::string::npos || stored.compare(0, a, "pbkdf2-sha256") != 0)
        return false;
    int iterations = 0;
    try {
        iterations = std::stoi(stored.substr(a + 1, b - a - 1));
    } catch (const std::exception&) {
        return false;
    }
    if (iterations < 1 || iterations > 10000000)
        return false;
    const auto hash = derive(password, stored.substr(b + 1, c - b - 1), iterations);
    return same_secret(to_hex(hash.data(), hash.size()), stored.substr(c + 1));
}

bool same_secret(const std::string& a, const std::string& b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace panel
