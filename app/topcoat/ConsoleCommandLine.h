#pragma once

// The console's flags:
//   topcoat [--data-dir DIR] [--port 8080] [--demo]      manage an embedded storefront
//   topcoat --remote https://HOST:PORT --token TOKEN     manage a running topcoatd
//           [--fingerprint SHA256] [--client-cert PEM --client-key PEM]
//   either with [--show SCREEN] to open on that screen

#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

struct ConsoleCommandLine {
    QString dataDir;         // empty: the user's data directory
    std::optional<int> port; // empty: the remembered port (8080 at first)
    bool demo = false;       // seed the demo shop into an empty database without asking
    QUrl remoteUrl;          // set: attach to this admin URL instead of embedding
    QString token;
    QString fingerprint;           // set: pin this certificate for the remote (normalized)
    QString clientCertificatePath; // with clientKeyPath: presented to the admin site
    QString clientKeyPath;
    QString screen; // the screen to open first ("dashboard", "sales", …)
    QString error;
};

ConsoleCommandLine parseConsoleCommandLine(const QStringList& arguments);
