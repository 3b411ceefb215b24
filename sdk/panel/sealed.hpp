// The secrets the panel has to read back (a server's API key and admin
// password, a service's Emby password) are stored sealed: AES-256-GCM under
// a key the operator holds in a file apart from the database, so a copy of
// the database alone gives none of them away. Client passwords are not
// among them: the panel keeps only their PBKDF2 hashes (credentials.hpp).
//
// A sealed value is "v1:" + base64(nonce | ciphertext | tag), with a fresh
// 12-byte nonce each time and the column's name authenticated with it, so a
// value moved to another column does not open either. A value without the
// prefix is plaintext written by an older panel: it reads as it is, and the
// store seals it when the key is set (Store::unlock).
//
// The key file holds the 32-byte key as 64 hex digits (white space around
// them is ignored), e.g. made with `openssl rand -hex 32 > FILE`.
#pragma once

#include <array>
#include <memory>
#include <stdexcept>
#include <string>

namespace panel {

/// A sealed value that does not open: the wrong key, or a damaged or altered value.
struct SealError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Sealer {
public:
    static constexpr std::size_t kKeyBytes = 32;
    using Key = std::array<unsigned char, kKeyBytes>;

    explicit Sealer(const Key& key);
    ~Sealer();  // wipes the key
    Sealer(const Sealer&) = delete;
    Sealer& operator=(const Sealer&) = delete;

    /// `plain` sealed for the column `context` (e.g. "servers.api_key").
    std::string seal(const std::string& plain, const std::string& context) const;

    /// The plaintext of a value seal() made for `context`; a value without
    /// the "v1:" prefix is legacy plaintext and comes back unchanged.
    /// Throws SealError rather than ever returning garbage.
    std::string open(const std::string& stored, const std::string& context) const;

    static bool is_sealed(const std::string& stored);

private:
    Key key_;
};

/// The key in the file at `path`. When the file is missing and `may_create`,
/// writes a new random key there first (mode 0600) and sets `created`.
/// Throws naming the file when it is missing (and may not be created) or
/// does not hold 64 hex digits.
std::unique_ptr<Sealer> load_secret_key(const std::string& path, bool may_create, bool& created);

}  // namespace panel
