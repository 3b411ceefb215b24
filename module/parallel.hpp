// Bounded fan-out for independent server requests of one call. Every task
// runs to its end (none is cancelled halfway), so the caller always knows
// which ones succeeded; failures come back per task, in task order.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <vector>

namespace embyprov {

/// Runs task(0..n-1) on up to `max_workers` threads (the caller's thread
/// being one of them). Returns one exception_ptr per task (null = success).
std::vector<std::exception_ptr> run_parallel(std::size_t n, int max_workers,
                                             const std::function<void(std::size_t)>& task);

/// Rethrows the first failure, if any.
void rethrow_first(const std::vector<std::exception_ptr>& failures);

}  // namespace embyprov
