#include "server_cache.hpp"

#include <chrono>

#include <Poco/SHA2Engine.h>

#include "process_memory.hpp"
#include "server_params.hpp"

namespace embyprov {

namespace {

ProcessMemory<Flavour>& known_flavours()
{
    static ProcessMemory<Flavour>& table =
        *new ProcessMemory<Flavour>(std::chrono::seconds(kKnownFlavourSeconds), kKnownFlavourEntries);
    return table;
}

}  // namespace

std::string server_identity(const ServerParams& server)
{
    const std::string credential =
        server.api_key + '\0' + server.admin_user + '\0' + server.admin_password;
    Poco::SHA2Engine sha256;
    sha256.update(credential);
    return server.endpoint.key() + server.base_path + ' ' + Poco::DigestEngine::digestToHex(sha256.digest());
}

std::optional<Flavour> ServerCache::flavour(const std::string& identity) const
{
    return known_flavours().find(identity);
}

void ServerCache::set_flavour(const std::string& identity, Flavour f)
{
    known_flavours().keep(identity, f);
}

void ServerCache::forget_flavours()
{
    known_flavours().clear();
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
