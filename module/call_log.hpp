// Everything one hook call records about its server exchanges: the secrets
// to mask, the host's log callback (called one exchange at a time, already
// masked, always on the thread that called the hook), and a count of
// requests for the audit trail and the benchmarks.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "embyprov/embyprov.h"
#include "secrets.hpp"

namespace embyprov {

class CallLog {
public:
    /// Made on the thread that called the hook: the one the callback runs on.
    CallLog(embyprov_log_fn fn, void* userdata) : fn_(fn), userdata_(userdata) {}

    SecretSet& secrets() { return secrets_; }
    const SecretSet& secrets() const { return secrets_; }

    /// Records one exchange; masks both texts before the callback sees them.
    /// On the calling thread outside a parallel part, the callback gets it
    /// now; otherwise it waits, in order, for the part's end or hand_over().
    void exchange(const std::string& action, const std::string& request,
                  const std::string& response);

    /// While a parallel part runs, even the calling thread's own exchanges
    /// wait, so the host gets them all in the order they ended.
    void begin_parallel();
    /// Ends a parallel part and hands what waited to the callback.
    void end_parallel();
    /// Hands every waiting exchange to the callback: on the calling thread,
    /// outside a parallel part.
    void hand_over();

    int requests() const { return requests_.load(); }

    /// A secret this call's successful result carries on purpose (a new
    /// password for the host to store, the one the customer asked to see):
    /// the only one left unmasked there.
    void disclose(const std::string& secret);
    std::vector<std::string> disclosed() const;

private:
    struct Exchange {
        std::string action, request, response;
    };
    /// callback_mutex_ held: hands the waiting exchanges to the callback when
    /// on the calling thread and outside a parallel part.
    void deliver_if_due();

    embyprov_log_fn fn_;
    void* userdata_;
    const std::thread::id caller_ = std::this_thread::get_id();
    SecretSet secrets_;
    std::mutex callback_mutex_;
    int parallel_depth_ = 0;         ///< under callback_mutex_
    std::vector<Exchange> waiting_;  ///< under callback_mutex_
    std::atomic<int> requests_{0};
    mutable std::mutex disclosed_mutex_;
    std::vector<std::string> disclosed_;
};

}  // namespace embyprov
