// Per-service mutual exclusion across processes and panel nodes. Every
// state-changing operation on a service holds its lock from start to end, so
// two cron workers, a retry racing the original, or two panel nodes never
// work on one service at once. The lock dies with its holder: a worker killed
// mid-hook frees it at once, without leases or clean-up.
//
//   SQLite      an open-file-description (OFD) byte-range lock on
//               "<database>-locks" beside the database, at a byte chosen by a
//               64-bit hash of the service id; the kernel drops it when the
//               holder's file is closed, also by kill -9. OFD locks (unlike
//               classic fcntl locks) also keep two contexts of one process
//               apart.
//   MariaDB     GET_LOCK with a name made of the hash and the database name;
//               the server releases it when the connection ends.
//   PostgreSQL  a session advisory lock keyed by the hash, likewise.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "store_dsn.hpp"

namespace Poco::Data {
class Session;
}

namespace embyprov {

/// 64-bit FNV-1a of the service id: the lock's key on every backend.
std::uint64_t service_lock_key(const std::string& service_id);

/// Held while it lives.
class ServiceLock {
public:
    virtual ~ServiceLock() = default;
};

/// Takes the service's lock, waiting up to wait_ms for its holder to finish.
/// Throws Error(EMBYPROV_ESTATE) when it is still held then (the message says
/// that another operation on the service is running), Error(ESTORE) when the
/// lock itself cannot be taken. `session` is the store's own connection
/// (MariaDB, PostgreSQL); it must outlive the lock.
std::unique_ptr<ServiceLock> lock_service(const StoreDsn& dsn, Poco::Data::Session& session,
                                          const std::string& service_id, int wait_ms);

}  // namespace embyprov
