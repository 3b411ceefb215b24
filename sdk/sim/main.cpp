// embyprov-sim: an Emby (or Jellyfin) server simulator on loopback for the
// project's tests, benchmarks and demo. See README.md in this folder.
#include "http_server.h"
#include "options.h"
#include "seed.h"
#include "simulator.h"

#include <csignal>
#include <iostream>
#include <thread>

#include <pthread.h>
#include <unistd.h>

namespace {

// Blocked in every thread (Poco's threads inherit the mask) so that only the
// main thread's sigwait receives them.
sigset_t terminationSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

// With --exit-on-stdin-eof the parent can just close our stdin (or die).
void watchStdin() {
    std::thread([] {
        char buffer[256];
        while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
        }
        kill(getpid(), SIGTERM);
    }).detach();
}

}  // namespace

int main(int argc, char** argv) {
    sim::SimOptions options;
    std::string error;
    switch (sim::parseOptions(argc, argv, options, error)) {
    case sim::ParseResult::Help:
        std::cout << sim::usageText();
        return 0;
    case sim::ParseResult::Error:
        std::cerr << "embyprov-sim: " << error << "\n" << sim::usageText();
        return 2;
    case sim::ParseResult::Run:
        break;
    }

    sim::SeedConfig seed;
    try {
        seed = options.seedPath.empty() ? sim::defaultSeed(options.flavor) : sim::loadSeed(options.seedPath, options.flavor);
        if (!options.serverVersion.empty()) seed.version = options.serverVersion;
    } catch (const std::exception& e) {
        std::cerr << "embyprov-sim: " << e.what() << "\n";
        return 2;
    }

    const sigset_t signals = terminationSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    sim::Simulator simulator(options, seed);
    std::unique_ptr<sim::HttpServer> server;
    try {
        server = std::make_unique<sim::HttpServer>(simulator, options.bindAddress, options.port);
    } catch (const std::exception& e) {
        std::cerr << "embyprov-sim: cannot listen on " << options.bindAddress << ":" << options.port << ": "
                  << e.what() << "\n";
        return 1;
    }
    simulator.setBaseUrl(server->baseUrl(), server->port());
    server->start();
    std::cout << server->baseUrl() << std::endl;  // first line: the base URL, flushed

    if (options.exitOnStdinEof) watchStdin();
    int received = 0;
    sigwait(&signals, &received);
    server->stop();
    return 0;
}
