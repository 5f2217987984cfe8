#pragma once

// The console's composition root: it decides which storefront is managed (an embedded one
// started here, or a remote topcoatd), creates the network client and the window, and wires
// them together. Nothing else creates long-lived objects.

#include "ConsoleCommandLine.h"
#include "server/Storefront.h"
#include "ui/AdminClient.h"
#include "ui/ConsoleSettings.h"
#include "ui/MainWindow.h"

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
    bool startEmbedded(QString& description);
    void offerDemoShop();

    ConsoleCommandLine commandLine_;
    topcoat::ui::ConsoleSettings settings_;
    std::unique_ptr<topcoat::Storefront> storefront_;
    QNetworkAccessManager network_;
    topcoat::ui::AdminClient client_;
    std::unique_ptr<topcoat::ui::MainWindow> window_;
};
