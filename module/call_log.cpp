#include "call_log.hpp"

namespace embyprov {

void CallLog::exchange(const std::string& action, const std::string& request,
                       const std::string& response)
{
    ++requests_;
    if (!fn_)
        return;
    Exchange e{mask_all(secrets_, action), mask_all(secrets_, request), mask_all(secrets_, response)};
    std::lock_guard<std::mutex> lock(callback_mutex_);
    waiting_.push_back(std::move(e));
    deliver_if_due();
}

void CallLog::begin_parallel()
{
    std::lock_guard<std::mutex> lock(callback_mutex_);
    ++parallel_depth_;
}

void CallLog::end_parallel()
{
    std::lock_guard<std::mutex> lock(callback_mutex_);
    if (parallel_depth_ > 0)
        --parallel_depth_;
    deliver_if_due();
}

void CallLog::hand_over()
{
    std::lock_guard<std::mutex> lock(callback_mutex_);
    deliver_if_due();
}

void CallLog::deliver_if_due()
{
    if (parallel_depth_ != 0 || std::this_thread::get_id() != caller_)
        return;
    std::vector<Exchange> now;
    now.swap(waiting_);
    for (const auto& e : now)
        fn_(userdata_, e.action.c_str(), e.request.c_str(), e.response.c_str());
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
