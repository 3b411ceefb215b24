// Fuzz target for the client area: any bytes as the customer's request, for
// a service the state store knows (with two media accounts), on a server at
// a closed loopback port. Whatever is posted, the hook must answer with a
// page or a clean error, never crash.
//
// Input: byte 0 picks the service's state (active, suspended, terminated);
// the rest is request_json.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include <unistd.h>

#include "embyprov/embyprov.h"
#include "store.hpp"

namespace {

const char* const kStates[] = {"active", "suspended", "terminated"};

struct World {
    embyprov_ctx* ctx = nullptr;
    std::string db;
};

World& world()
{
    static World w = [] {
        World out;
        char path[] = "/tmp/embyprov-fuzz-ca-XXXXXX";
        const int fd = ::mkstemp(path);
        if (fd < 0)
            std::abort();
        ::close(fd);
        out.db = path;
        auto store = embyprov::Store::open("sqlite:" + out.db);
        for (int i = 0; i < 3; ++i) {
            embyprov::ServiceRecord r;
            r.service_id = "7" + std::to_string(i);
            r.server = "http://127.0.0.1:9";
            r.user_id = "0123456789abcdef0123456789abcde" + std::to_string(i);
            r.username = "fuzzed";
            r.status = kStates[i];
            r.created_at = r.updated_at = "2026-01-01T00:00:00Z";
            store->save_service(r);
            for (const char* kid : {"kid", "guest"}) {
                embyprov::MediaAccountRecord m;
                m.user_id = std::string(kid) + "00000000000000000000000000" + std::to_string(i);
                m.service_id = r.service_id;
                m.username = std::string("fuzzed-") + kid;
                m.created_at = r.created_at;
                store->save_media_account(m);
            }
        }
        const std::string config = "{\"database\":\"sqlite:" + out.db +
                                   "\",\"connect_timeout_ms\":200,\"timeout_ms\":200,\"audit_keep_rows\":10}";
        if (embyprov_open(config.c_str(), &out.ctx) != EMBYPROV_OK)
            std::abort();
        std::atexit([] { ::unlink(world().db.c_str()); });
        return out;
    }();
    return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const int state = data[0] % 3;
    std::string request(reinterpret_cast<const char*>(data + 1), size - 1);
    request = request.substr(0, request.find('\0'));
    const std::string params =
        "{\"serviceid\":\"7" + std::to_string(state) +
        "\",\"username\":\"fuzzed\",\"password\":\"Fuzz-pass-123\",\"serverhostname\":\"127.0.0.1\","
        "\"serverport\":9,\"serveraccesshash\":\"0123456789abcdef\",\"configoption9\":\"3\","
        "\"client_area\":{\"form_action\":\"/s\",\"csrf_token\":\"csrf-0123456789\"},"
        "\"clientsdetails\":{\"language\":\"german\"}}";
    char* out = nullptr;
    const int rc = embyprov_client_area(world().ctx, params.c_str(), request.c_str(), &out);
    if (!out || rc > 0)
        std::abort();
    // A page, or an error object: always JSON that says which.
    if (std::strncmp(out, "{", 1) != 0)
        std::abort();
    if (rc == EMBYPROV_OK && !std::strstr(out, "\"html\""))
        std::abort();
    embyprov_free(out);
    return 0;
}
