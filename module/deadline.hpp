// Overall deadlines for server requests. Socket timeouts bound each read
// and write, so a server that trickles a byte now and then could hold a
// request for ever; the watchdog shuts the connection down once the
// request's deadline passes, whatever the server does. Thread safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace embyprov {

class Watchdog {
public:
    using Clock = std::chrono::steady_clock;

    Watchdog() = default;
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    /// While alive, the socket `fd` is shut down (both ways, the descriptor
    /// left open for its owner to close) when `deadline` passes. After the
    /// guard is gone the watchdog never touches the descriptor.
    class Guard {
    public:
        Guard(Watchdog& dog, int fd, Clock::time_point deadline);
        ~Guard();
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;
        /// Ends the watch now; whether the deadline had cut the connection.
        bool disarm();

    private:
        Watchdog& dog_;
        std::uint64_t id_;
        bool armed_ = true;
    };

private:
    struct Entry {
        int fd;
        Clock::time_point deadline;
        bool fired = false;
    };

    std::uint64_t arm(int fd, Clock::time_point deadline);
    bool disarm(std::uint64_t id);  ///< whether it had fired
    void run();

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::uint64_t, Entry> entries_;
    std::uint64_t next_ = 1;
    bool stop_ = false;
    std::thread thread_;  // started on first use
};

}  // namespace embyprov
