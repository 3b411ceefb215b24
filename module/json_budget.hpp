// Reading server answers in bounded memory. A parsed JSON value costs far
// more than its text (an empty object `{}`, two bytes, takes some 900 bytes
// as a tree), so a dense answer well under the body cap could take
// gigabytes. The readers here charge every value they build against a
// budget and give up with EMBYPROV_EREMOTE once it is spent; lists are read
// one item at a time, so a long list never stands whole as a tree.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include <Poco/Dynamic/Var.h>

#include "json_util.hpp"

namespace embyprov::json {

struct ReadLimits {
    /// The estimated memory one parsed value (a whole answer, or one item
    /// of a list) may take.
    std::size_t tree_bytes = 64u * 1024u * 1024u;
    /// The items a list may have.
    std::size_t max_items = 128u * 1024u;

    /// The limits for answers of at most `body_bytes`: a tree of twice the
    /// body, one item per 256 bytes of it.
    static ReadLimits for_body(std::size_t body_bytes);
};

/// A server answer (or a stored value) as a tree within `limits`. Throws
/// Error(EREMOTE) naming `what` when it is unreadable or past the limits.
Poco::Dynamic::Var parse_remote(const std::string& text, const std::string& what,
                                const ReadLimits& limits = ReadLimits{});

/// The objects of a list answer, one at a time: a top-level array, or the
/// array under "Items" of a top-level object (Emby's query results). Items
/// that are not objects are skipped. Throws Error(EREMOTE) for any other
/// shape, for unreadable text, and past the limits.
void for_each_remote_item(const std::string& text, const std::string& what, const ReadLimits& limits,
                          const std::function<void(const Object&)>& fn);

}  // namespace embyprov::json
