#include "ConsoleCommandLine.h"

#include <QCommandLineParser>

ConsoleCommandLine parseConsoleCommandLine(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Topcoat: run a flash sale from one window."));
    parser.addHelpOption();
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"), QStringLiteral("Where the embedded storefront keeps its data."),
        QStringLiteral("DIR"));
    const QCommandLineOption port(
        QStringLiteral("port"), QStringLiteral("Preferred storefront port (a free one if taken)."),
        QStringLiteral("N"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Seed the demo shop into an empty database."));
    const QCommandLineOption remote(
        QStringLiteral("remote"), QStringLiteral("Manage the topcoatd whose admin API is at URL."),
        QStringLiteral("URL"));
    const QCommandLineOption token(QStringLiteral("token"),
                                   QStringLiteral("Admin token of the remote topcoatd."),
                                   QStringLiteral("TOKEN"));
    const QCommandLineOption show(QStringLiteral("show"),
                                  QStringLiteral("Open on this screen (dashboard, sales, …)."),
                                  QStringLiteral("SCREEN"));
    parser.addOptions({dataDir, port, demo, remote, token, show});

    ConsoleCommandLine result;
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        parser.showHelp(); // exits
    }
    result.dataDir = parser.value(dataDir);
    result.screen = parser.value(show);
    result.demo = parser.isSet(demo);
    if (parser.isSet(port)) {
        bool ok = false;
        const int value = parser.value(port).toInt(&ok);
        if (!ok || value < 0 || value > 65535)
            result.error = QStringLiteral("--port must be a port number from 0 to 65535");
        else
            result.port = value;
    }
    if (parser.isSet(remote)) {
        result.remoteUrl = QUrl(parser.value(remote));
        if (!result.remoteUrl.isValid() || result.remoteUrl.scheme() != QLatin1String("http"))
            result.error = QStringLiteral("--remote must be an http:// URL");
        result.token = parser.value(token);
    }
    return result;
}
