// embyprov-panel: a small reference billing panel on loopback. It loads
// libembyprov with dlopen through the public C ABI only, keeps its own
// records in SQLite, and serves an admin area and a client area, so a person
// can try the whole product in a browser (see docs/DEMO.md).
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <thread>

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include "options.hpp"
#include "pages.hpp"

namespace {

/// Blocks until SIGINT/SIGTERM (or stdin EOF with --exit-on-stdin-eof). The
/// signals are blocked in every thread and taken here with sigwait, so no
/// handler runs at an awkward moment.
void wait_for_stop(const sigset_t& stop_signals, bool watch_stdin)
{
    if (watch_stdin) {
        std::thread([] {
            char buf[256];
            while (read(STDIN_FILENO, buf, sizeof buf) > 0) {
            }
            kill(getpid(), SIGTERM);
        }).detach();
    }
    int sig = 0;
    sigwait(&stop_signals, &sig);
}

}  // namespace

int main(int argc, char** argv)
{
    int exit_code = 0;
    const auto options = panel::parse_options(argc, argv, exit_code);
    if (!options)
        return exit_code;

    // Before any thread starts, so every thread inherits the blocked set.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    try {
        panel::Panel state(*options);
        panel::Router router;
        panel::add_home_routes(router, state);
        panel::add_admin_auth_routes(router, state);
        panel::add_admin_overview_routes(router, state);
        panel::add_server_routes(router, state);
        panel::add_product_routes(router, state);
        panel::add_client_routes(router, state);
        panel::add_service_routes(router, state);
        panel::add_service_action_routes(router, state);
        panel::add_client_area_routes(router, state);

        // Loopback only: the panel is a reference app, not meant to face a
        // network.
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(options->port)));
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(8);
        params->setMaxQueued(64);
        params->setKeepAlive(true);
        Poco::Net::HTTPServer server(router.factory(), socket, params);
        server.start();
        std::cout << "http://127.0.0.1:" << socket.address().port() << "\n";
        // After the URL, which harnesses read first; each is said only once.
        for (const auto& notice : state.notices)
            std::cout << notice << "\n";
        std::cout << std::flush;
        std::cerr << "embyprov-panel: library " << state.module.library_path() << " (" << state.module.version()
                  << "), database " << options->db << ", secret key " << options->secret_key_file << std::endl;

        wait_for_stop(stop_signals, options->exit_on_stdin_eof);
        server.stopAll(true);
        return 0;
    } catch (const Poco::Exception& e) {
        std::cerr << "embyprov-panel: " << e.displayText() << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "embyprov-panel: " << e.what() << std::endl;
    }
    return 1;
}
