// /System/Info/Public, /System/Info, /System/Ping.
#include "router.h"

#include "dto.h"
#include "sim_state.h"

namespace sim {

void addSystemRoutes(Router& router, Flavor flavor) {
    router.add("GET", "System/Info/Public", Access::Anonymous,
               [](RouteContext& ctx) { return jsonResponse(publicSystemInfoDto(ctx.state)); });
    router.add("GET", "System/Info", Access::AnyToken,
               [](RouteContext& ctx) { return jsonResponse(systemInfoDto(ctx.state)); });

    // Emby: void operation (204), GET, POST and HEAD. Jellyfin: 200 with the
    // JSON string "Jellyfin Server", GET and POST only: HEAD matches no
    // endpoint, which ASP.NET Core answers 405.
    auto ping = [flavor](RouteContext& ctx) {
        if (flavor == Flavor::Emby) return noContent();
        if (ctx.request.method == "HEAD") {
            SimResponse response;
            response.status = 405;
            return response;
        }
        return jsonResponse(std::string("Jellyfin Server"));
    };
    for (const char* method : {"GET", "POST", "HEAD"}) router.add(method, "System/Ping", Access::Anonymous, ping);
}

}  // namespace sim
