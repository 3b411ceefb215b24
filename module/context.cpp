#include "context.hpp"

namespace embyprov {

namespace {

HttpOptions http_options(const Config& c)
{
    HttpOptions o;
    o.connect_timeout_ms = c.connect_timeout_ms;
    o.timeout_ms = c.timeout_ms;
    o.max_body = c.max_answer_bytes;
    o.tls_verify = c.tls_verify;
    o.server_connections = c.server_connections;
    o.ca_file = c.ca_file;
    return o;
}

}  // namespace

}  // namespace embyprov

embyprov_ctx::embyprov_ctx(const embyprov::Config& cfg)
    : config(cfg), http(embyprov::http_options(cfg)), store(embyprov::Store::open(cfg.database))
{
    store->set_audit_retention({cfg.audit_keep_days, cfg.audit_keep_rows});
}
