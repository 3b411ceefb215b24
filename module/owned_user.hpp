// Creating a server user so that its ownership can be proven at every moment
// (the "pending name" protocol), and undoing such a creation.
//
// A user is created under a name nobody else knows or holds, chosen with the
// CSPRNG and recorded in the journal before the request is sent:
//   record {pending_name}            the journal, committed
//   POST /Users/New {pending_name}   never sent twice by the HTTP client
//   record {pending_name, user_id}
//   password, policy                 in parallel
//   rename to the customer's name    only now is the name a known one
// If the answer to the create is lost, the pending name finds the user again;
// no user is ever adopted by the customer's name alone, and none with a known
// name ever lacks its password. A failure undoes at once what it can (the
// user is deleted); whatever it cannot undo stays in the journal for the next
// operation on the service to finish or undo.
#pragma once

#include <string>

#include "call.hpp"
#include "operation.hpp"
#include "user_provisioning.hpp"

namespace embyprov {

/// "embyprov-" and 24 hex digits from OpenSSL's CSPRNG.
std::string pending_user_name();

/// Runs the protocol for `spec` under `op` (resuming op.leftover() when it
/// has one), then `then(user)` for follow-ups on the server (may be empty),
/// then op.complete() with `records(user)`: the caller's store writes and the
/// end of the journal entry commit together. When a step on the server fails
/// the user is removed if it can be and the journal cleared; otherwise the
/// journal stays for the next operation. The error is rethrown either way.
UserDto create_owned_user(Call& call, EmbyClient& client, Operation& op, const NewUser& spec,
                          const std::function<void(const UserDto&)>& then,
                          const std::function<void(const UserDto&)>& records);

/// Removes the user an unfinished creation recorded (by id, else by its
/// pending name). true when it found one and removed it; false when there
/// was none (never created, or already gone). Throws when the server fails.
bool undo_owned_user(EmbyClient& client, const PendingOperation& pending);

}  // namespace embyprov
