// Files only their owner may read: the panel's database (with SQLite's
// -wal and -shm beside it) and its secret key. Modes are set with fchmod
// after creating, so the umask the panel was started with does not matter.
#pragma once

#include <string>

namespace panel {

/// Creates `path` empty when it is missing, and makes it mode 0600 either
/// way. Throws naming the file when it cannot.
void make_private_file(const std::string& path);

/// Makes an existing `path` mode 0600; a missing one is left missing.
void restrict_if_present(const std::string& path);

/// Creates `path` (which must not exist yet) with mode 0600 holding
/// `content`, flushed to disk. Throws naming the file when it cannot.
void write_new_private_file(const std::string& path, const std::string& content);

/// True when group or others may read or write `path`.
bool shared_with_others(const std::string& path);

}  // namespace panel
