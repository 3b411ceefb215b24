// Sign-in throttling, per client address and per account name, so that a
// password can be neither guessed for one account nor sprayed over many.
//
// The rule, for an address and for an account alike: 5 failed sign-ins lock
// it for 30 seconds; after that every further failure locks it again for
// twice as long as the last time, up to 15 minutes. An hour without a
// failure forgets it. A successful sign-in clears the account (not the
// address: one valid account must not reset a sprayer's address). A locked
// attempt is refused before its password is checked.
//
// The address is the TCP peer's: forwarded headers are not trusted (the
// panel listens on loopback and sits behind no proxy of its own).
#pragma once

#include <chrono>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace panel {

class LoginThrottle {
public:
    using Clock = std::chrono::steady_clock;

    /// One sign-in attempt, from begin() to the verdict. Until succeeded()
    /// is called it counts as a failure, so an attempt that ends in an
    /// exception is not a free guess. Neither copied nor moved: keep the
    /// one begin() returns.
    class Attempt {
    public:
        ~Attempt();
        Attempt(const Attempt&) = delete;
        Attempt& operator=(const Attempt&) = delete;

        /// Seconds to wait when the attempt is refused (nothing counted);
        /// 0 when it may go ahead.
        int refused_for() const { return refused_for_; }
        /// The password was right.
        void succeeded() { ok_ = true; }

    private:
        friend class LoginThrottle;
        Attempt(LoginThrottle& owner, std::string address, std::string account, int refused_for);

        LoginThrottle& owner_;
        std::string address_, account_;
        int refused_for_;
        bool ok_ = false;
    };

    /// Starts an attempt for `account` from `address`: refused while either
    /// is locked, and while the attempts still running for either could
    /// reach the limit (so parallel guesses do not slip past it).
    Attempt begin(const std::string& address, const std::string& account);

    /// The sentence a refused sign-in shows.
    static std::string refusal_text(int seconds);

private:
    struct Entry {
        int failures = 0;           ///< since the entry was last forgotten or cleared
        int running = 0;            ///< attempts between begin() and their verdict
        Clock::time_point last_failure;
        std::list<std::string>::iterator age;  ///< place in by_age_
    };

    void finish(const Attempt& attempt);
    Entry& entry(const std::string& key, Clock::time_point now);
    Entry* existing(const std::string& key, Clock::time_point now);
    int locked_for(const Entry& e, Clock::time_point now) const;
    void drop(const std::string& key);

    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
    std::list<std::string> by_age_;  ///< keys, least recently touched first
};

}  // namespace panel
