#include "parallel.hpp"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

namespace embyprov {

std::vector<std::exception_ptr> run_parallel(std::size_t n, int max_workers,
                                             const std::function<void(std::size_t)>& task)
{
    std::vector<std::exception_ptr> failures(n);
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < n; i = next++) {
            try {
                task(i);
            } catch (...) {
                failures[i] = std::current_exception();
            }
        }
    };
    const std::size_t threads =
        std::min<std::size_t>(n, static_cast<std::size_t>(std::max(1, max_workers)));
    std::vector<std::thread> pool;
    try {
        for (std::size_t t = 1; t < threads; ++t)
            pool.emplace_back(worker);
    } catch (const std::system_error&) {
        // No more threads to be had: the ones started and this one do the rest.
    }
    worker();
    for (auto& th : pool)
        th.join();
    return failures;
}

void rethrow_first(const std::vector<std::exception_ptr>& failures)
{
    for (const auto& f : failures)
        if (f)
            std::rethrow_exception(f);
}

}  // namespace embyprov
