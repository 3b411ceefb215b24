#include "server_slots.hpp"

#include <condition_variable>
#include <map>
#include <mutex>

#include "error.hpp"

namespace embyprov {

namespace {

struct Slots {
    std::mutex mutex;
    std::condition_variable freed;
    std::map<std::string, int> in_flight;  ///< only servers with requests in flight
};

Slots& slots()
{
    // Never destroyed: a host may still call in while the process exits.
    static Slots& table = *new Slots;
    return table;
}

}  // namespace

ServerSlot::ServerSlot(const std::string& server, int cap, Watchdog::Clock::time_point deadline) : server_(server)
{
    Slots& s = slots();
    std::unique_lock<std::mutex> lock(s.mutex);
    if (!s.freed.wait_until(lock, deadline, [&] {
            auto it = s.in_flight.find(server_);
            return it == s.in_flight.end() || it->second < cap;
        }))
        throw Error(EMBYPROV_ETIMEOUT, "the call's time ran out while " + std::to_string(cap) +
                                           " other requests to " + server_ + " were still running");
    ++s.in_flight[server_];
}

ServerSlot::~ServerSlot()
{
    Slots& s = slots();
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        auto it = s.in_flight.find(server_);
        if (--it->second == 0)
            s.in_flight.erase(it);
    }
    s.freed.notify_all();
}

}  // namespace embyprov
