// Everything one hook call records about its server exchanges: the secrets
// to mask, the host's log callback (called one exchange at a time, already
// masked), and a count of requests for the audit trail and the benchmarks.
#pragma once

#include <atomic>
#include <mutex>
#include <string>

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

private:
    embyprov_log_fn fn_;
    void* userdata_;
    SecretSet secrets_;
    std::mutex callback_mutex_;
    std::atomic<int> requests_{0};
};

}  // namespace embyprov
