#include "deadline.hpp"

#include <sys/socket.h>

namespace embyprov {

Watchdog::~Watchdog()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

std::uint64_t Watchdog::arm(int fd, Clock::time_point deadline)
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable())
        thread_ = std::thread([this] { run(); });
    const std::uint64_t id = next_++;
    entries_[id] = Entry{fd, deadline};
    wake_.notify_all();
    return id;
}

bool Watchdog::disarm(std::uint64_t id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(id);
    const bool fired = it != entries_.end() && it->second.fired;
    if (it != entries_.end())
        entries_.erase(it);
    return fired;
}

void Watchdog::run()
{
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
        auto next = Clock::time_point::max();
        const auto now = Clock::now();
        for (auto& [id, e] : entries_) {
            if (e.fired)
                continue;
            if (e.deadline <= now) {
                // The raw descriptor, not the TLS layer: shutting it down
                // makes the owner's blocked read or write fail at once, and
                // touches no state the owner's thread is using.
                ::shutdown(e.fd, SHUT_RDWR);
                e.fired = true;
            } else if (e.deadline < next) {
                next = e.deadline;
            }
        }
        if (next == Clock::time_point::max())
            wake_.wait(lock);
        else
            wake_.wait_until(lock, next);
    }
}

Watchdog::Guard::Guard(Watchdog& dog, int fd, Clock::time_point deadline) : dog_(dog), id_(dog.arm(fd, deadline)) {}

Watchdog::Guard::~Guard()
{
    disarm();
}

bool Watchdog::Guard::disarm()
{
    if (!armed_)
        return false;
    armed_ = false;
    return dog_.disarm(id_);
}

}  // namespace embyprov
