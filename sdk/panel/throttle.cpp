#include "throttle.hpp"

#include <algorithm>

#include <Poco/String.h>

namespace panel {

namespace {

using namespace std::chrono_literals;

constexpr int kFreeFailures = 5;                      // failures before the first lock
constexpr LoginThrottle::Clock::duration kFirstLock = 30s;
constexpr LoginThrottle::Clock::duration kLongestLock = 15min;
constexpr LoginThrottle::Clock::duration kForget = 1h;  // without a failure
// Every address and account name tried has an entry until it is forgotten;
// past this many the least recently touched goes first, so spraying names
// cannot fill memory. A sprayer's own address is touched on every try and
// so is never the one evicted.
constexpr std::size_t kMaxEntries = 10000;
// Longer names are cut: an e-mail address is at most 254 characters, and a
// key must not be as large as a posted form.
constexpr std::size_t kMaxAccountKey = 320;
// Past this the count no longer changes the lock (it is at its longest).
constexpr int kMaxCount = 1000;

LoginThrottle::Clock::duration lock_length(int failures)
{
    const int doublings = failures - kFreeFailures;
    if (doublings >= 5)  // 30 s * 2^5 is already past the longest lock
        return kLongestLock;
    return std::min<LoginThrottle::Clock::duration>(kFirstLock * (1 << doublings), kLongestLock);
}

std::string address_key(const std::string& address)
{
    return "address " + address;
}

std::string account_key(const std::string& account)
{
    // Client e-mail addresses compare without case (the store's NOCASE).
    return "account " + Poco::toLower(account.substr(0, kMaxAccountKey));
}

}  // namespace

LoginThrottle::Attempt::Attempt(LoginThrottle& owner, std::string address, std::string account, int refused_for)
    : owner_(owner), address_(std::move(address)), account_(std::move(account)), refused_for_(refused_for)
{
}

LoginThrottle::Attempt::~Attempt()
{
    if (refused_for_ > 0)
        return;  // never counted
    try {
        owner_.finish(*this);
    } catch (...) {
        // Out of memory while recording: the attempt is lost, nothing else.
    }
}

LoginThrottle::Attempt LoginThrottle::begin(const std::string& address, const std::string& account)
{
    const std::string by_address = address_key(address), by_account = account_key(account);
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = Clock::now();
    int wait = 0;
    for (const std::string* key : {&by_address, &by_account})
        if (const Entry* e = existing(*key, now))
            wait = std::max(wait, locked_for(*e, now));
    if (wait > 0)
        return Attempt(*this, {}, {}, wait);
    ++entry(by_address, now).running;
    ++entry(by_account, now).running;
    return Attempt(*this, by_address, by_account, 0);
}

std::string LoginThrottle::refusal_text(int seconds)
{
    return "Too many failed sign-in attempts from this address or for this account. Try again in " +
           std::to_string(seconds) + (seconds == 1 ? " second." : " seconds.");
}

void LoginThrottle::finish(const Attempt& attempt)
{
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = Clock::now();
    for (const std::string* key : {&attempt.address_, &attempt.account_}) {
        Entry& e = entry(*key, now);  // recreated if it was evicted meanwhile
        if (e.running > 0)
            --e.running;
        if (!attempt.ok_) {
            e.failures = std::min(e.failures + 1, kMaxCount);
            e.last_failure = now;
        } else if (key == &attempt.account_) {
            e.failures = 0;
        }
        if (e.failures == 0 && e.running == 0)
            drop(*key);
    }
}

LoginThrottle::Entry& LoginThrottle::entry(const std::string& key, Clock::time_point now)
{
    if (Entry* e = existing(key, now)) {
        by_age_.splice(by_age_.end(), by_age_, e->age);
        return *e;
    }
    while (entries_.size() >= kMaxEntries) {
        entries_.erase(by_age_.front());
        by_age_.pop_front();
    }
    Entry& e = entries_[key];
    e.age = by_age_.insert(by_age_.end(), key);
    return e;
}

LoginThrottle::Entry* LoginThrottle::existing(const std::string& key, Clock::time_point now)
{
    auto it = entries_.find(key);
    if (it == entries_.end())
        return nullptr;
    if (it->second.running == 0 && now - it->second.last_failure > kForget) {
        drop(key);
        return nullptr;
    }
    return &it->second;
}

int LoginThrottle::locked_for(const Entry& e, Clock::time_point now) const
{
    if (e.failures + e.running < kFreeFailures)
        return 0;
    if (e.failures >= kFreeFailures) {
        const auto left = e.last_failure + lock_length(e.failures) - now;
        if (left > Clock::duration::zero())
            return static_cast<int>((std::chrono::duration_cast<std::chrono::milliseconds>(left).count() + 999) / 1000);
    }
    // Attempts already running could use up what is left: wait for them.
    return e.running > 0 ? 1 : 0;
}

void LoginThrottle::drop(const std::string& key)
{
    auto it = entries_.find(key);
    if (it == entries_.end())
        return;
    by_age_.erase(it->second.age);
    entries_.erase(it);
}

}  // namespace panel
