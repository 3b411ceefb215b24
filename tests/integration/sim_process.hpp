// An embyprov-sim child process on a free loopback port, for one test.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <Poco/Pipe.h>
#include <Poco/Process.h>

namespace itest {

class SimProcess {
public:
    /// Starts the simulator (path from EMBYPROV_SIM, set by CMake) with
    /// the given extra arguments and waits for its base URL.
    explicit SimProcess(const std::vector<std::string>& extra_args = {});
    ~SimProcess();
    SimProcess(const SimProcess&) = delete;
    SimProcess& operator=(const SimProcess&) = delete;

    const std::string& url() const { return url_; }
    unsigned short port() const { return port_; }
    /// This simulator's own API key, as a real server issues its own: the
    /// library's process-wide memory of servers tells instances apart by it,
    /// even when one reuses the port of another.
    const std::string& api_key() const { return api_key_; }

private:
    // Held open for the child's life: it exits when its stdin closes, so a
    // crashed test run leaves no simulator behind.
    Poco::Pipe stdin_;
    Poco::Pipe stdout_;
    std::unique_ptr<Poco::ProcessHandle> handle_;
    std::string api_key_;
    std::string url_;
    unsigned short port_ = 0;
};

}  // namespace itest
