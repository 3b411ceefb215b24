#include "server_cache.hpp"

namespace embyprov {

std::optional<Flavour> ServerCache::flavour(const std::string& endpoint) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = flavours_.find(endpoint);
    if (it == flavours_.end())
        return std::nullopt;
    return it->second;
}

void ServerCache::set_flavour(const std::string& endpoint, Flavour f)
{
    std::lock_guard<std::mutex> lock(mutex_);
    flavours_[endpoint] = f;
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
