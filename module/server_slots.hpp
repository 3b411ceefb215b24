// How many requests this process has in flight to one media server at
// most. Every library context and every call of the process shares the
// bound, so a hook's fan-out and the cron workers of one process together
// never hold more than that many connections to a server.
#pragma once

#include <string>

#include "deadline.hpp"

namespace embyprov {

/// Holds one of a server's slots while it lives.
class ServerSlot {
public:
    /// Waits until fewer than `cap` requests of the process are in flight
    /// to `server` (an endpoint key), then takes a slot. Throws
    /// Error(ETIMEOUT) when `deadline` comes first.
    ServerSlot(const std::string& server, int cap, Watchdog::Clock::time_point deadline);
    ~ServerSlot();
    ServerSlot(const ServerSlot&) = delete;
    ServerSlot& operator=(const ServerSlot&) = delete;

private:
    std::string server_;
};

}  // namespace embyprov
