// test_connection: DNS, TCP, TLS, server identity and credentials, each
// reported, so a reseller sees which step is wrong instead of "HTTP code 0".
#include "diagnostics.hpp"
#include "hooks.hpp"

namespace embyprov::hooks {

json::ObjectPtr test_connection(Call& call)
{
    EmbyClient client = call.client();
    return diagnose_connection(client, call.ctx.http);
}

}  // namespace embyprov::hooks
