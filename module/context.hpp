// The library context behind the opaque embyprov_ctx handle.
#pragma once

#include <memory>
#include <string>

#include "config.hpp"
#include "embyprov/embyprov.h"
#include "http_client.hpp"
#include "server_cache.hpp"
#include "store.hpp"

struct embyprov_ctx {
    explicit embyprov_ctx(const embyprov::Config& cfg);

    embyprov::Config config;
    embyprov::HttpClient http;
    embyprov::ServerCache servers;
    std::unique_ptr<embyprov::Store> store;
    embyprov_log_fn log_fn = nullptr;
    void* log_userdata = nullptr;
    std::string last_error;
};
