#include "call_log.hpp"

namespace embyprov {

void CallLog::exchange(const std::string& action, const std::string& request,
                       const std::string& response)
{
    ++requests_;
    if (!fn_)
        return;
    const std::string a = mask_all(secrets_, action);
    const std::string req = mask_all(secrets_, request);
    const std::string resp = mask_all(secrets_, response);
    std::lock_guard<std::mutex> lock(callback_mutex_);
    fn_(userdata_, a.c_str(), req.c_str(), resp.c_str());
}

void CallLog::disclose(const std::string& secret)
{
    secrets_.add(secret);
    std::lock_guard<std::mutex> lock(disclosed_mutex_);
    disclosed_.push_back(secret);
}

std::vector<std::string> CallLog::disclosed() const
{
    std::lock_guard<std::mutex> lock(disclosed_mutex_);
    return disclosed_;
}

}  // namespace embyprov
