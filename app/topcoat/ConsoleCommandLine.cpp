#include "ConsoleCommandLine.h"

#include "ui/AttachDialog.h"
#include "ui/CertificateTrust.h"

#include <QCommandLineParser>
#include <algorithm>

ConsoleCommandLine parseConsoleCommandLine(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Topcoat: run a flash sale from one window."));
    parser.addHelpOption();
    parser.addVersionOption(); // QCoreApplication::applicationVersion()
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
    const QCommandLineOption fingerprint(
        QStringLiteral("fingerprint"),
        QStringLiteral("Trust the remote's certificate with this SHA-256 fingerprint."),
        QStringLiteral("SHA256"));
    const QCommandLineOption clientCertificate(
        QStringLiteral("client-cert"),
        QStringLiteral("Client certificate (PEM) for an admin site that asks for one."),
        QStringLiteral("FILE"));
    const QCommandLineOption clientKey(QStringLiteral("client-key"),
                                       QStringLiteral("The client certificate's key (PEM)."),
                                       QStringLiteral("FILE"));
    parser.addOptions(
        {dataDir, port, demo, remote, token, fingerprint, clientCertificate, clientKey, show});

    ConsoleCommandLine result;
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(); // exits
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion(); // exits
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
        if (!topcoat::ui::adminUrlProblem(result.remoteUrl).isEmpty())
            result.error = QStringLiteral("--remote must be an http:// or https:// URL");
        result.token = parser.value(token);
    }
    const bool remoteOnly[] = {parser.isSet(token), parser.isSet(fingerprint),
                               parser.isSet(clientCertificate), parser.isSet(clientKey)};
    if (!parser.isSet(remote) &&
        std::any_of(std::begin(remoteOnly), std::end(remoteOnly), [](bool set) { return set; }))
        result.error =
            QStringLiteral("--token, --fingerprint, --client-cert and --client-key need --remote");
    if (parser.isSet(fingerprint)) {
        result.fingerprint = topcoat::ui::normalizedFingerprint(parser.value(fingerprint));
        if (result.fingerprint.isEmpty())
            result.error = QStringLiteral("--fingerprint must be a SHA-256 fingerprint (64 hex "
                                          "digits, colons allowed)");
        else if (result.remoteUrl.scheme() != QLatin1String("https"))
            result.error = QStringLiteral("--fingerprint needs an https:// --remote");
    }
    result.clientCertificatePath = parser.value(clientCertificate);
    result.clientKeyPath = parser.value(clientKey);
    if (result.clientCertificatePath.isEmpty() != result.clientKeyPath.isEmpty())
        result.error = QStringLiteral("--client-cert and --client-key go together");
    return result;
}
