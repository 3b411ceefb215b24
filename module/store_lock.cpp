#include "store_lock.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <Poco/Data/Session.h>
#include <Poco/NumberFormatter.h>

#include "error.hpp"

using namespace Poco::Data::Keywords;

namespace embyprov {

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void throw_busy(const std::string& service_id, int wait_ms)
{
    throw Error(EMBYPROV_ESTATE, "another operation on service " + service_id +
                                     " is still running (waited " + std::to_string(wait_ms / 1000) +
                                     " s); try again when it has finished");
}

/// Sleeps a little longer each time, up to 50 ms, never past the deadline.
/// false once the deadline has passed.
bool pause_until(Clock::time_point deadline, int& pause_ms)
{
    const auto now = Clock::now();
    if (now >= deadline)
        return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<long long>(pause_ms, left)));
    pause_ms = std::min(pause_ms * 2, 50);
    return true;
}

class FileRangeLock final : public ServiceLock {
public:
    FileRangeLock(const std::string& path, std::uint64_t key, const std::string& service_id, int wait_ms)
    {
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd_ < 0)
            throw Error(EMBYPROV_ESTORE, "cannot open the lock file '" + path + "': " + std::strerror(errno));
        // Any byte of a 2^62 range; the file never grows, locks reach past its end.
        range_.l_type = F_WRLCK;
        range_.l_whence = SEEK_SET;
        range_.l_start = static_cast<off_t>(key & ((std::uint64_t(1) << 62) - 1));
        range_.l_len = 1;
        const auto deadline = Clock::now() + std::chrono::milliseconds(wait_ms);
        for (int pause_ms = 1;;) {
            if (::fcntl(fd_, F_OFD_SETLK, &range_) == 0)
                return;
            const int err = errno;
            if (err != EAGAIN && err != EACCES && err != EINTR) {
                ::close(fd_);
                throw Error(EMBYPROV_ESTORE, "cannot lock '" + path + "': " + std::strerror(err));
            }
            if (!pause_until(deadline, pause_ms)) {
                ::close(fd_);
                throw_busy(service_id, wait_ms);
            }
        }
    }
    ~FileRangeLock() override
    {
        range_.l_type = F_UNLCK;
        ::fcntl(fd_, F_OFD_SETLK, &range_);
        ::close(fd_);  // would release it anyway
    }

private:
    int fd_ = -1;
    struct flock range_ {};
};

class MySqlNamedLock final : public ServiceLock {
public:
    MySqlNamedLock(Poco::Data::Session& session, std::uint64_t key, const std::string& service_id, int wait_ms)
        : session_(session)
    {
        // Server-wide names, at most 64 characters: the hash first, so a long
        // database name can only shorten the part that tells databases apart.
        name_ = "embyprov." + Poco::NumberFormatter::formatHex(key, 16) + ".";
        const std::string seconds = std::to_string(std::max(0, (wait_ms + 999) / 1000));
        Poco::Int64 got = 0;  // NULL (an error) reads as 0 too
        try {
            session_ << "SELECT GET_LOCK(LEFT(CONCAT(?, DATABASE()), 64), " + seconds + ")", bind(name_),
                into(got), now;
        } catch (const Poco::Exception& e) {
            throw Error(EMBYPROV_ESTORE, "state store: taking the service lock failed: " + e.displayText());
        }
        if (got != 1)
            throw_busy(service_id, wait_ms);
    }
    ~MySqlNamedLock() override
    {
        try {
            Poco::Int64 released = 0;
            session_ << "SELECT RELEASE_LOCK(LEFT(CONCAT(?, DATABASE()), 64))", bind(name_), into(released), now;
        } catch (...) {
        }
    }

private:
    Poco::Data::Session& session_;
    std::string name_;
};

class PgAdvisoryLock final : public ServiceLock {
public:
    PgAdvisoryLock(Poco::Data::Session& session, std::uint64_t key, const std::string& service_id, int wait_ms)
        : session_(session), key_(std::to_string(static_cast<std::int64_t>(key)))
    {
        // pg_advisory_lock would wait without bound: poll the try form.
        const auto deadline = Clock::now() + std::chrono::milliseconds(wait_ms);
        for (int pause_ms = 1;;) {
            int got = 0;
            try {
                session_ << "SELECT CASE WHEN pg_try_advisory_lock(" + key_ + ") THEN 1 ELSE 0 END", into(got), now;
            } catch (const Poco::Exception& e) {
                throw Error(EMBYPROV_ESTORE, "state store: taking the service lock failed: " + e.displayText());
            }
            if (got == 1)
                return;
            if (!pause_until(deadline, pause_ms))
                throw_busy(service_id, wait_ms);
        }
    }
    ~PgAdvisoryLock() override
    {
        try {
            int released = 0;
            session_ << "SELECT CASE WHEN pg_advisory_unlock(" + key_ + ") THEN 1 ELSE 0 END", into(released), now;
        } catch (...) {
        }
    }

private:
    Poco::Data::Session& session_;
    std::string key_;
};

/// An in-memory database belongs to one context: nobody else can race it.
class NoLock final : public ServiceLock {};

}  // namespace

std::uint64_t service_lock_key(const std::string& service_id)
{
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : service_id) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::unique_ptr<ServiceLock> lock_service(const StoreDsn& dsn, Poco::Data::Session& session,
                                          const std::string& service_id, int wait_ms)
{
    const std::uint64_t key = service_lock_key(service_id);
    switch (dsn.backend) {
    case StoreBackend::sqlite:
        if (dsn.database == ":memory:" || dsn.database.empty())
            return std::make_unique<NoLock>();
        return std::make_unique<FileRangeLock>(dsn.database + "-locks", key, service_id, wait_ms);
    case StoreBackend::mysql:
        return std::make_unique<MySqlNamedLock>(session, key, service_id, wait_ms);
    case StoreBackend::postgresql:
        return std::make_unique<PgAdvisoryLock>(session, key, service_id, wait_ms);
    }
    return std::make_unique<NoLock>();
}

}  // namespace embyprov
