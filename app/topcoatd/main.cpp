// topcoatd: the storefront server without the console.

#include "server/CommandLine.h"
#include "server/Storefront.h"

#include <QCoreApplication>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>

int main(int argc, char* argv[]) {
    // Block the stop signals in every thread (threads inherit the mask) and wait for them here.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    QCoreApplication app(argc, argv); // Qt Sql loads its SQLite driver through the application
    const auto command = topcoat::parseCommandLine({argv + 1, argv + argc});
    if (command.help) {
        std::cout << topcoat::usageText();
        return 0;
    }
    if (!command.error.empty()) {
        std::cerr << "topcoatd: " << command.error << "\n\n" << topcoat::usageText();
        return 2;
    }

    try {
        topcoat::Storefront storefront(command.options);
        storefront.start([&] {
            const auto& bind = command.options.bind;
            std::cout << "storefront listening on http://" << bind << ':' << storefront.port()
                      << '\n'
                      << "admin listening on http://" << bind << ':' << storefront.adminPort()
                      << std::endl;
            if (storefront.adminTokenGenerated())
                std::cout << "admin token (stored in the data dir): " << storefront.adminToken()
                          << std::endl;
        });

        int signal = 0;
        sigwait(&stopSignals, &signal);
        storefront.stop();
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "topcoatd: " << error.what() << '\n';
        return 1;
    }
}
