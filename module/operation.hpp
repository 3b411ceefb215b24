// The one mechanism every state-changing hook and client action runs under.
//
// An Operation on a service
//   1. holds the service's lock across processes and panel nodes for its
//      whole length (store_lock.hpp), so nothing else changes the service
//      meanwhile;
//   2. finds what an earlier, interrupted operation on the service left in
//      the journal (Store::pending_operation) and settles it: a creation it
//      cannot finish (a media account whose typed password is gone) is
//      undone, a main-account creation is left for create (which resumes it)
//      or terminate (which undoes it);
//   3. records durably, before each change on the server that a retry could
//      not otherwise see through, what is needed to finish or undo it
//      (record()), and clears that record together with the final state
//      (complete()).
// Changes a retry can see through (a policy read back, a snapshot written
// before the write) record their intent in the service's own rows instead;
// the rule is the same: the record first, then the server.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "store.hpp"

namespace embyprov {

class Call;
class EmbyClient;

namespace operation_kind {
inline constexpr const char* kCreate = "create";
inline constexpr const char* kMediaAdd = "media_add";
inline constexpr const char* kDeviceLimit = "device_limit";
}  // namespace operation_kind

class Operation {
public:
    /// Takes the lock of call.service_id() (waiting up to the context's
    /// lock_wait_ms), then settles a leftover that `kind` does not resume.
    Operation(Call& call, std::string kind);
    /// The same on a service the call does not name (the daily run works
    /// on every service of its server).
    Operation(Call& call, std::string service_id, std::string kind);
    ~Operation();
    Operation(const Operation&) = delete;
    Operation& operator=(const Operation&) = delete;

    const std::string& service_id() const { return service_id_; }

    /// What an interrupted operation of the same kind left, to resume from.
    const std::optional<PendingOperation>& leftover() const { return leftover_; }

    /// Durably records (in its own transaction) this operation's data, replacing
    /// what was recorded before.
    void record(const std::map<std::string, std::string>& data);

    /// Clears the journal entry, in one transaction with `final_records`
    /// (may be empty): the operation's end state and "done" commit together.
    void complete(const std::function<void()>& final_records = {});

    /// A leftover of the other kind, for terminate (which undoes a creation).
    std::optional<PendingOperation> take_any_leftover();

private:
    Call& call_;
    std::string service_id_;
    std::string kind_;
    std::unique_ptr<class ServiceLock> lock_;
    std::optional<PendingOperation> leftover_;   ///< same kind
    std::optional<PendingOperation> foreign_;    ///< another kind, left in place
    std::string started_at_;
};

}  // namespace embyprov
