// The versioned schema of the state store. Migration N brings a database
// from version N-1 to N; each is a list of statements run in one transaction.
#pragma once

#include <vector>

namespace embyprov {

using Migration = std::vector<const char*>;

/// All migrations, oldest first; the schema version is their count.
const std::vector<Migration>& schema_migrations();

}  // namespace embyprov
