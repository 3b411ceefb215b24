#include "sealed.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "credentials.hpp"
#include "private_file.hpp"

namespace panel {

namespace {

constexpr char kPrefix[] = "v1:";
constexpr std::size_t kPrefixSize = sizeof kPrefix - 1;
constexpr int kNonceBytes = 12;  // GCM's own nonce size
constexpr int kTagBytes = 16;
constexpr std::size_t kMaxKeyFile = 4096;  // a key file is 65 bytes; anything larger is not one

using Bytes = std::vector<unsigned char>;

struct CipherCtx {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    ~CipherCtx() { EVP_CIPHER_CTX_free(ctx); }
};

const unsigned char* bytes_of(const std::string& s)
{
    return reinterpret_cast<const unsigned char*>(s.data());
}

std::string to_base64(const Bytes& in)
{
    std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(&out[0]), in.data(), static_cast<int>(in.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

/// Standard padded base64; throws SealError when it is not.
Bytes from_base64(const std::string& in)
{
    if (in.empty() || in.size() % 4 != 0)
        throw SealError("a stored secret is damaged (not base64)");
    Bytes out(in.size() / 4 * 3);
    const int n = EVP_DecodeBlock(out.data(), bytes_of(in), static_cast<int>(in.size()));
    if (n < 0)
        throw SealError("a stored secret is damaged (not base64)");
    // EVP_DecodeBlock counts the bytes the '=' padding stands for.
    const std::size_t padding = in.compare(in.size() - 2, 2, "==") == 0 ? 2 : in.back() == '=' ? 1 : 0;
    out.resize(static_cast<std::size_t>(n) - padding);
    return out;
}

void check(int ok, const char* what)
{
    if (ok != 1)
        throw std::runtime_error(std::string("AES-256-GCM: ") + what + " failed");
}

}  // namespace

Sealer::Sealer(const Key& key) : key_(key) {}

Sealer::~Sealer()
{
    OPENSSL_cleanse(key_.data(), key_.size());
}

bool Sealer::is_sealed(const std::string& stored)
{
    return stored.compare(0, kPrefixSize, kPrefix) == 0;
}

std::string Sealer::seal(const std::string& plain, const std::string& context) const
{
    Bytes blob(kNonceBytes + plain.size() + kTagBytes);
    if (RAND_bytes(blob.data(), kNonceBytes) != 1)
        throw std::runtime_error("the system random generator failed");
    CipherCtx c;
    if (!c.ctx)
        throw std::runtime_error("AES-256-GCM: out of memory");
    int n = 0, tail = 0;
    check(EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, key_.data(), blob.data()), "init");
    check(EVP_EncryptUpdate(c.ctx, nullptr, &n, bytes_of(context), static_cast<int>(context.size())), "context");
    check(EVP_EncryptUpdate(c.ctx, blob.data() + kNonceBytes, &n, bytes_of(plain), static_cast<int>(plain.size())),
          "encrypt");
    check(EVP_EncryptFinal_ex(c.ctx, blob.data() + kNonceBytes + n, &tail), "finish");
    check(EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, kTagBytes, blob.data() + kNonceBytes + plain.size()),
          "tag");
    return kPrefix + to_base64(blob);
}

std::string Sealer::open(const std::string& stored, const std::string& context) const
{
    if (!is_sealed(stored))
        return stored;  // legacy plaintext
    Bytes blob = from_base64(stored.substr(kPrefixSize));
    if (blob.size() < static_cast<std::size_t>(kNonceBytes + kTagBytes))
        throw SealError("a stored secret is damaged (too short)");
    const std::size_t size = blob.size() - kNonceBytes - kTagBytes;
    std::string plain(size, '\0');
    CipherCtx c;
    if (!c.ctx)
        throw std::runtime_error("AES-256-GCM: out of memory");
    int n = 0, tail = 0;
    check(EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, key_.data(), blob.data()), "init");
    check(EVP_DecryptUpdate(c.ctx, nullptr, &n, bytes_of(context), static_cast<int>(context.size())), "context");
    check(EVP_DecryptUpdate(c.ctx, reinterpret_cast<unsigned char*>(&plain[0]), &n, blob.data() + kNonceBytes,
                            static_cast<int>(size)),
          "decrypt");
    check(EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes, blob.data() + kNonceBytes + size), "tag");
    // The tag is checked here: nothing decrypted is returned unless it matches.
    if (EVP_DecryptFinal_ex(c.ctx, reinterpret_cast<unsigned char*>(&plain[0]) + n, &tail) != 1) {
        OPENSSL_cleanse(&plain[0], plain.size());
        throw SealError("a stored secret does not open with this secret key (a wrong key, or an altered database)");
    }
    return plain;
}

std::unique_ptr<Sealer> load_secret_key(const std::string& path, bool may_create, bool& created)
{
    created = false;
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) {
        if (errno != ENOENT)
            throw std::runtime_error("cannot read the secret key file " + path + ": " + std::strerror(errno));
        if (!may_create)
            throw std::runtime_error("the secret key file " + path + " does not exist");
        std::string hex = random_token(Sealer::kKeyBytes);
        write_new_private_file(path, hex + "\n");
        OPENSSL_cleanse(&hex[0], hex.size());
        created = true;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read the secret key file " + path);
    std::string text(kMaxKeyFile + 1, '\0');
    in.read(&text[0], static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    const std::size_t size = first == std::string::npos ? 0 : last - first + 1;
    Sealer::Key key{};
    bool hex = size == 2 * Sealer::kKeyBytes;
    for (std::size_t i = 0; hex && i < size; ++i) {
        const int ch = static_cast<unsigned char>(text[first + i]);
        hex = std::isxdigit(ch) != 0;
        const int nibble = std::isdigit(ch) ? ch - '0' : std::tolower(ch) - 'a' + 10;
        key[i / 2] = static_cast<unsigned char>(key[i / 2] << 4 | (hex ? nibble : 0));
    }
    OPENSSL_cleanse(&text[0], text.size());
    if (!hex) {
        OPENSSL_cleanse(key.data(), key.size());
        throw std::runtime_error("the secret key file " + path + " must hold 64 hex digits (32 random bytes), "
                                 "e.g. made with: openssl rand -hex 32");
    }
    auto sealer = std::make_unique<Sealer>(key);
    OPENSSL_cleanse(key.data(), key.size());
    return sealer;
}

}  // namespace panel
