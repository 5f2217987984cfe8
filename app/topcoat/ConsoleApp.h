#pragma once

// The console's composition root: it decides which storefront is managed (an embedded one
// started here, or a remote topcoatd), creates the network client and the window, wires them
// together, and acts on the Server screen's requests to stop, start or switch. Nothing else
// creates long-lived objects.

#include "ConsoleCommandLine.h"
#include "server/Storefront.h"
#include "ui/AdminClient.h"
#include "ui/AttachDialog.h"
#include "ui/ConsoleSession.h"
#include "ui/ConsoleSettings.h"
#include "ui/MainWindow.h"
#include "ui/SystemClock.h"

#include <QNetworkAccessManager>
#include <memory>

class ConsoleApp {
public:
    explicit ConsoleApp(ConsoleCommandLine commandLine);
    // Stops an embedded storefront: in-flight requests finish, every order is flushed.
    ~ConsoleApp();

    // Starts what is needed and shows the window; false (with a message shown) on failure.
    bool start();

private:
    bool startEmbedded();
    void stopEmbedded();
    void attachRemote(const topcoat::ui::AttachRequest& request);
    // Points the client at the remembered remote: URL, token, pinned certificate, client
    // certificate. Problems (an unreadable key) are shown, and the client goes on without.
    void connectRemote();
    void confirmCertificate(const QUrl& server, const QSslCertificate& certificate);
    void rememberToken(const QString& token);
    // Asks for the remote's token when none is known; false when the owner gives none.
    bool askForToken();
    void offerDemoShop();
    void describe();

    ConsoleCommandLine commandLine_;
    topcoat::ui::ConsoleSettings settings_;
    topcoat::StorefrontOptions options_;
    std::unique_ptr<topcoat::Storefront> storefront_;
    bool remote_ = false;
    // The token in use, also when it could not be saved to its file.
    QString rememberedToken_;
    bool askingAboutCertificate_ = false; // polls keep failing while the owner decides
    QNetworkAccessManager network_;
    topcoat::ui::AdminClient client_;
    topcoat::ui::SystemClock clock_;
    // Every screen's polling and shared readings; built with the window, after the client.
    std::unique_ptr<topcoat::ui::ConsoleSession> session_;
    std::unique_ptr<topcoat::ui::MainWindow> window_;
};
