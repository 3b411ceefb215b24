// A table the whole process keeps, for what one library context learns and
// the ones after it can use (a PHP-FPM worker's next request, a cron loop's
// next job). An entry lives `ttl`; at most `capacity` are kept, the oldest
// going first. Thread safe. Callers keep their table for the process's life
// and never destroy it: a host may still call in while the process exits,
// and some values (TLS contexts) must not be freed after OpenSSL's own
// clean-up.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace embyprov {

template <typename Value>
class ProcessMemory {
public:
    using Clock = std::chrono::steady_clock;

    ProcessMemory(std::chrono::seconds ttl, std::size_t capacity) : ttl_(ttl), capacity_(capacity) {}

    /// The entry for `key`, if it is younger than the ttl.
    std::optional<Value> find(const std::string& key)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = entries_.find(key);
        if (it == entries_.end() || expired(it->second, Clock::now()))
            return std::nullopt;
        return it->second.value;
    }

    /// The entry for `key`; when there is none, `make()` makes it, under the
    /// table's lock, so two threads never make the same one.
    template <typename Make>
    Value find_or_make(const std::string& key, Make&& make)
    {
        const auto now = Clock::now();
        std::lock_guard<std::mutex> lock(mutex_);
        drop_expired(now);
        if (auto it = entries_.find(key); it != entries_.end())
            return it->second.value;
        Value value = make();
        put(key, value, now);
        return value;
    }

    void keep(const std::string& key, Value value)
    {
        const auto now = Clock::now();
        std::lock_guard<std::mutex> lock(mutex_);
        drop_expired(now);
        put(key, std::move(value), now);
    }

    void clear()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        entries_.clear();
    }

private:
    struct Entry {
        Value value;
        Clock::time_point made;
    };

    bool expired(const Entry& e, Clock::time_point now) const { return now - e.made > ttl_; }

    void drop_expired(Clock::time_point now)
    {
        for (auto it = entries_.begin(); it != entries_.end();)
            it = expired(it->second, now) ? entries_.erase(it) : std::next(it);
    }

    void put(const std::string& key, Value value, Clock::time_point now)
    {
        if (entries_.size() >= capacity_ && !entries_.count(key))
            entries_.erase(std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
                return a.second.made < b.second.made;
            }));
        entries_[key] = Entry{std::move(value), now};
    }

    const std::chrono::seconds ttl_;
    const std::size_t capacity_;
    std::mutex mutex_;
    std::map<std::string, Entry> entries_;
};

}  // namespace embyprov
