// Everything one hook call records about its server exchanges: the secrets
// to mask, the host's log callback (called one exchange at a time, already
// masked), and a count of requests for the audit trail and the benchmarks.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "embyprov/embyprov.h"
#include "secrets.hpp"

namespace embyprov {

class CallLog {
public:
    CallLog(embyprov_log_fn fn, void* userdata) : fn_(fn), userdata_(userdata) {}

    SecretSet& secrets() { return secrets_; }
    const SecretSet& secrets() const { return secrets_; }

    /// Records one exchange; masks both texts before the callback sees them.
    void exchange(const std::string& action, const std::string& request,
                  const std::string& response);

    int requests() const { return requests_.load(); }

    /// A secret this call's successful result carries on purpose (a new
    /// password for the host to store, the one the customer asked to see):
    /// the only one left unmasked there.
    void disclose(const std::string& secret);
    std::vector<std::string> disclosed() const;

private:
    embyprov_log_fn fn_;
    void* userdata_;
    SecretSet secrets_;
    std::mutex callback_mutex_;
    std::atomic<int> requests_{0};
    mutable std::mutex disclosed_mutex_;
    std::vector<std::string> disclosed_;
};

}  // namespace embyprov
