// topcoatd: the storefront server without the console.

#include "db/DatabaseBackup.h"
#include "db/DatabaseCopy.h"
#include "server/AdminToken.h"
#include "server/CommandLine.h"
#include "server/DataDirLock.h"
#include "server/Storefront.h"

#include <QCoreApplication>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <sys/stat.h>

int main(int argc, char* argv[]) {
    // The database holds customers' addresses, the data dir the admin token: whatever this
    // process creates is its user's alone, whatever umask it was started with.
    ::umask(077);
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
        if (command.backupTo) {
            // Reads the database only: safe beside the topcoatd that serves from the data dir.
            const auto backup = topcoat::db::backupDatabase(
                topcoat::Storefront::databasePath(command.options.dataDir), *command.backupTo);
            std::cout << "backed up " << backup.orders << " orders (" << backup.bytes
                      << " bytes) to " << command.backupTo->string() << std::endl;
            return 0;
        }

        if (command.copyTo) {
            // The shop must be stopped: orders taken during the copy would stay behind.
            const topcoat::DataDirLock lock(command.options.dataDir);
            const auto copy = topcoat::db::copyDatabase(
                topcoat::Storefront::databasePath(command.options.dataDir), *command.copyTo);
            std::cout << "copied " << copy.orders << " orders (" << copy.rows << " rows in "
                      << copy.tables << " tables) to " << command.copyTo->text() << std::endl;
            return 0;
        }

        topcoat::Storefront storefront(command.options);
        storefront.start([&] {
            std::cout << "storefront listening on http://" << command.options.bind << ':'
                      << storefront.port() << '\n'
                      << "admin listening on http://" << command.options.adminBind << ':'
                      << storefront.adminPort() << std::endl;
            // Only where it is kept: stdout ends up in the journal, readable by more people.
            if (storefront.adminTokenGenerated())
                std::cout << "admin token stored in "
                          << topcoat::adminTokenPath(command.options.dataDir).string() << std::endl;
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
