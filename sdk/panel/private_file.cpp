#include "private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace panel {

namespace {

constexpr mode_t kOwnerOnly = S_IRUSR | S_IWUSR;

[[noreturn]] void fail(const std::string& what, const std::string& path)
{
    throw std::runtime_error("cannot " + what + " " + path + ": " + std::strerror(errno));
}

/// Closes a descriptor when leaving scope.
struct Fd {
    int fd;
    ~Fd()
    {
        if (fd >= 0)
            close(fd);
    }
};

}  // namespace

void make_private_file(const std::string& path)
{
    // O_NOFOLLOW: a symlink planted at the database's place is refused.
    Fd f{open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, kOwnerOnly)};
    if (f.fd < 0)
        fail("open", path);
    if (fchmod(f.fd, kOwnerOnly) != 0)
        fail("make owner-only", path);
}

void restrict_if_present(const std::string& path)
{
    if (chmod(path.c_str(), kOwnerOnly) != 0 && errno != ENOENT)
        fail("make owner-only", path);
}

void write_new_private_file(const std::string& path, const std::string& content)
{
    Fd f{open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kOwnerOnly)};
    if (f.fd < 0)
        fail("create", path);
    if (fchmod(f.fd, kOwnerOnly) != 0)
        fail("make owner-only", path);
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = write(f.fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail("write", path);
        done += static_cast<std::size_t>(n);
    }
    if (fsync(f.fd) != 0)
        fail("flush", path);
}

bool shared_with_others(const std::string& path)
{
    struct stat st {};
    return stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0;
}

}  // namespace panel
