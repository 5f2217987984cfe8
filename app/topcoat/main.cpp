// topcoat: the operations console, with the storefront embedded or attached to a topcoatd.

#include "ConsoleApp.h"
#include "ConsoleCommandLine.h"

#include <QApplication>
#include <QSocketNotifier>
#include <csignal>
#include <iostream>
#include <string_view>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

int signalPipe[2];

// Only async-signal-safe work here: the Qt side of the pipe quits the event loop.
void onStopSignal(int) {
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char* argv[]) {
    // As topcoatd: the embedded storefront's database and the saved token are the user's alone.
    ::umask(077);
    std::signal(SIGPIPE, SIG_IGN);
    const auto nameTheApplication = [] {
        QCoreApplication::setOrganizationName(QStringLiteral("Topcoat"));
        QCoreApplication::setApplicationName(QStringLiteral("topcoat"));
        QCoreApplication::setApplicationVersion(QStringLiteral(TOPCOAT_VERSION));
    };
    // --help and --version answer on a machine with no display, where QApplication would not
    // even start: they need nothing but the command line.
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "--help-all" ||
            argument == "-v" || argument == "--version") {
            QCoreApplication bare(argc, argv);
            nameTheApplication();
            parseConsoleCommandLine(QCoreApplication::arguments()); // prints, exits
            return 0;
        }
    }
    QApplication app(argc, argv);
    nameTheApplication();

    auto commandLine = parseConsoleCommandLine(QApplication::arguments());
    if (!commandLine.error.isEmpty()) {
        std::cerr << "topcoat: " << commandLine.error.toStdString() << '\n';
        return 2;
    }

    // SIGTERM/SIGINT close the console like its window's close button would: the embedded
    // storefront drains and flushes every order before the process exits.
    ::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe);
    QSocketNotifier stopNotifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&stopNotifier, &QSocketNotifier::activated, &app, &QApplication::quit);
    std::signal(SIGTERM, onStopSignal);
    std::signal(SIGINT, onStopSignal);

    ConsoleApp console(std::move(commandLine));
    if (!console.start())
        return 1;
    return QApplication::exec();
}
