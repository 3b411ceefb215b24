#include "server_cache.hpp"

#include <algorithm>
#include <chrono>

#include <openssl/evp.h>

#include "error.hpp"
#include "server_params.hpp"

namespace embyprov {

namespace {

struct KnownFlavour {
    Flavour flavour;
    std::chrono::steady_clock::time_point learned;
};

struct KnownFlavours {
    std::mutex mutex;
    std::map<std::string, KnownFlavour> entries;
};

KnownFlavours& known_flavours()
{
    // Never destroyed: a host may still call in while the process exits.
    static KnownFlavours& table = *new KnownFlavours;
    return table;
}

bool expired(const KnownFlavour& e, std::chrono::steady_clock::time_point now)
{
    return now - e.learned > std::chrono::seconds(kKnownFlavourSeconds);
}

std::string sha256_hex(const std::string& text)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1)
        throw Error(EMBYPROV_ERROR, "SHA-256 failed");
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

}  // namespace

std::string server_identity(const ServerParams& server)
{
    const std::string credential =
        server.api_key + '\0' + server.admin_user + '\0' + server.admin_password;
    return server.endpoint.key() + server.base_path + ' ' + sha256_hex(credential);
}

std::optional<Flavour> ServerCache::flavour(const std::string& identity) const
{
    KnownFlavours& known = known_flavours();
    std::lock_guard<std::mutex> lock(known.mutex);
    auto it = known.entries.find(identity);
    if (it == known.entries.end() || expired(it->second, std::chrono::steady_clock::now()))
        return std::nullopt;
    return it->second.flavour;
}

void ServerCache::set_flavour(const std::string& identity, Flavour f)
{
    KnownFlavours& known = known_flavours();
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(known.mutex);
    for (auto it = known.entries.begin(); it != known.entries.end();)
        it = expired(it->second, now) ? known.entries.erase(it) : std::next(it);
    if (known.entries.size() >= kKnownFlavourEntries && !known.entries.count(identity)) {
        auto oldest = std::min_element(known.entries.begin(), known.entries.end(), [](const auto& a, const auto& b) {
            return a.second.learned < b.second.learned;
        });
        known.entries.erase(oldest);
    }
    known.entries[identity] = KnownFlavour{f, now};
}

void ServerCache::forget_flavours()
{
    KnownFlavours& known = known_flavours();
    std::lock_guard<std::mutex> lock(known.mutex);
    known.entries.clear();
}

std::string ServerCache::admin_token(const std::string& endpoint) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = admin_tokens_.find(endpoint);
    return it == admin_tokens_.end() ? std::string() : it->second;
}

void ServerCache::set_admin_token(const std::string& endpoint, const std::string& token)
{
    std::lock_guard<std::mutex> lock(mutex_);
    admin_tokens_[endpoint] = token;
}

void ServerCache::forget_admin_token(const std::string& endpoint)
{
    std::lock_guard<std::mutex> lock(mutex_);
    admin_tokens_.erase(endpoint);
}

}  // namespace embyprov
