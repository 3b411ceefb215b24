#include "sim_process.hpp"

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/URI.h>

namespace itest {

namespace {

std::string new_api_key()
{
    static std::atomic<unsigned> made{0};
    return "itest-api-key-" + std::to_string(Poco::Process::id()) + "-" + std::to_string(++made);
}

}  // namespace

SimProcess::SimProcess(const std::vector<std::string>& extra_args) : api_key_(new_api_key())
{
    const char* sim = std::getenv("EMBYPROV_SIM");
    if (!sim || !*sim)
        throw std::runtime_error("EMBYPROV_SIM is not set");
    std::vector<std::string> args = {"--port", "0", "--api-key", api_key_, "--exit-on-stdin-eof"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    handle_ = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(sim, args, &stdin_, &stdout_, nullptr));
    Poco::PipeInputStream lines(stdout_);
    std::getline(lines, url_);
    if (url_.rfind("http://127.0.0.1:", 0) != 0)
        throw std::runtime_error("the simulator did not print its URL (got '" + url_ + "')");
    port_ = Poco::URI(url_).getPort();
}

SimProcess::~SimProcess()
{
    if (handle_) {
        try {
            Poco::Process::kill(*handle_);
            handle_->wait();
        } catch (...) {
        }
    }
}

}  // namespace itest
