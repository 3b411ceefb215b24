// Linking, changing and removing the Emby Connect account of one Emby user
// on the customer's behalf, with the rule that one Connect account links to
// one account only, checked across everything this module manages and as
// the server answers.
#pragma once

#include <string>

#include "client_area.hpp"

namespace embyprov {

enum class ConnectChange { Unchanged, Linked, Pending, Unlinked };

/// Validates `wanted` (trimmed; empty = unlink) without touching the
/// server. Throws a translated CustomerError.
std::string check_connect_request(ClientArea& ca, const std::string& user_id, const std::string& wanted);

/// Brings the user's Connect link from `current` to `wanted` (both as
/// checked by check_connect_request). Server refusals become translated
/// CustomerErrors (taken, unknown account, not activated, unreachable).
ConnectChange apply_connect(ClientArea& ca, const std::string& user_id, const std::string& current,
                            const std::string& wanted);

/// Updates a record's "pending since" after a change: set when Emby
/// Connect waits for confirmation, cleared when linked or unlinked.
void remember_pending(std::string& pending_since, ConnectChange change);

/// The customer's message for a change ("" for Unchanged).
std::string connect_message(const ClientArea& ca, ConnectChange change, const std::string& name);

}  // namespace embyprov
