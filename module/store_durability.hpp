// When the state store's commits reach the disk (SQLite in WAL mode).
//
// A commit runs with synchronous NORMAL: it is in the kernel's hands at
// once, so a killed process loses nothing, but it is not flushed to the
// disk. flush() makes every commit so far durable with one fdatasync(2) of
// the WAL file. The library flushes before each request that changes a
// media server and when a hook ends, so after a power cut the store is in a
// state a kill -9 can leave as well (every server change it knows of is
// recorded first), and a hook that wrote nothing costs no flush at all.
// The audit trail does not ask for a flush of its own: after a power cut
// the row of the last hook may be missing, never a record the next
// operation needs. Other stores flush as their server is configured.
#pragma once

#include <atomic>
#include <mutex>
#include <string>

namespace embyprov {

class WalFlush {
public:
    /// `wal_file`: the database's "-wal" file; "" when there is nothing to
    /// flush (another backend, an in-memory database, no WAL).
    explicit WalFlush(std::string wal_file = {}) : wal_file_(std::move(wal_file)) {}
    ~WalFlush();
    WalFlush(const WalFlush&) = delete;
    WalFlush& operator=(const WalFlush&) = delete;

    /// A commit happened (or may have) since the last flush.
    void wrote() noexcept
    {
        if (!wal_file_.empty())
            pending_.store(true, std::memory_order_release);
    }
    /// Every commit so far on the disk. Thread safe; returns at once when
    /// nothing is pending. Throws Error(ESTORE) when the flush fails.
    void flush();
    /// How many flushes this store made (for tests and benchmarks).
    unsigned long flushes() const noexcept { return flushes_.load(); }

private:
    std::string wal_file_;
    std::mutex mutex_;
    int fd_ = -1;
    std::atomic<bool> pending_{false};
    std::atomic<unsigned long> flushes_{0};
};

}  // namespace embyprov
