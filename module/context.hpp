// The library context behind the opaque embyprov_ctx handle.
#pragma once

#include <memory>
#include <string>

#include "config.hpp"
#include "embyprov/embyprov.h"
#include "http_client.hpp"
#include "server_cache.hpp"
#include "store.hpp"

namespace embyprov {

/// Holds one count of Poco's reference-counted SSL initialisation.
struct SslScope {
    SslScope();
    ~SslScope();
    SslScope(const SslScope&) = delete;
    SslScope& operator=(const SslScope&) = delete;
};

}  // namespace embyprov

struct embyprov_ctx {
    explicit embyprov_ctx(const embyprov::Config& cfg);

    embyprov::SslScope ssl;  // first: lives longer than anything using TLS
    embyprov::Config config;
    embyprov::HttpClient http;
    embyprov::ServerCache servers;
    std::unique_ptr<embyprov::Store> store;
    embyprov_log_fn log_fn = nullptr;
    void* log_userdata = nullptr;
    std::string last_error;
};
