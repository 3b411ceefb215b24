// Step-by-step connection diagnostics for test_connection: DNS, TCP, TLS,
// the server's identity, then the credentials. Stops at the first failing
// step and says which one it was.
#pragma once

#include "emby_client.hpp"
#include "json_util.hpp"

namespace embyprov {

/// Runs the steps. The result holds "steps" (each {step, ok, detail}),
/// "success", and on success "server" {name, version, flavour}; on failure
/// "error" (naming the step) and "code".
json::ObjectPtr diagnose_connection(EmbyClient& client, HttpClient& http);

}  // namespace embyprov
