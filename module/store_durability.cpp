#include "store_durability.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "error.hpp"

namespace embyprov {

WalFlush::~WalFlush()
{
    if (fd_ >= 0)
        ::close(fd_);
}

void WalFlush::flush()
{
    if (!pending_.load(std::memory_order_acquire))
        return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (!pending_.load(std::memory_order_acquire))
        return;  // another thread flushed meanwhile
    if (fd_ < 0)
        fd_ = ::open(wal_file_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0 || ::fdatasync(fd_) != 0)
        throw Error(EMBYPROV_ESTORE, "cannot flush the state database's log '" + wal_file_ + "' to disk: " +
                                         std::strerror(errno));
    flushes_.fetch_add(1);
    // Only now: a thread that sees false knows the flush is done.
    pending_.store(false, std::memory_order_release);
}

}  // namespace embyprov
