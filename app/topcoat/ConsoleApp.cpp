#include "ConsoleApp.h"

#include <QDir>
#include <QMessageBox>
#include <QStandardPaths>
#include <iostream>

ConsoleApp::ConsoleApp(ConsoleCommandLine commandLine)
    : commandLine_(std::move(commandLine)), client_(network_) {}

ConsoleApp::~ConsoleApp() {
    window_.reset();
    if (storefront_)
        storefront_->stop();
}

bool ConsoleApp::start() {
    QString description;
    const bool remote = !commandLine_.remoteUrl.isEmpty() ||
                        (settings_.useRemote() && commandLine_.dataDir.isEmpty());
    if (remote) {
        if (!commandLine_.remoteUrl.isEmpty()) {
            settings_.setUseRemote(true);
            settings_.setRemoteAdminUrl(commandLine_.remoteUrl);
            settings_.setRemoteToken(commandLine_.token);
        }
        client_.setServer(settings_.remoteAdminUrl(), settings_.remoteToken());
        description = QObject::tr("topcoatd at %1").arg(settings_.remoteAdminUrl().toString());
    } else {
        settings_.setUseRemote(false);
        if (!startEmbedded(description))
            return false;
    }

    window_ = std::make_unique<topcoat::ui::MainWindow>(client_, description, !remote);
    if (!commandLine_.screen.isEmpty() && !window_->showScreen(commandLine_.screen))
        std::cerr << "topcoat: no screen named " << commandLine_.screen.toStdString() << '\n';
    window_->show();
    if (storefront_)
        offerDemoShop();
    return true;
}

bool ConsoleApp::startEmbedded(QString& description) {
    topcoat::StorefrontOptions options;
    options.dataDir = (commandLine_.dataDir.isEmpty()
                           ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                           : commandLine_.dataDir)
                          .toStdString();
    options.bind = "127.0.0.1";
    options.port =
        static_cast<std::uint16_t>(commandLine_.port.value_or(settings_.storefrontPort()));
    options.adminPort = 0; // loopback only, and nobody needs to know it but this console
    options.demo = commandLine_.demo;

    const auto printListening = [this, &options] {
        std::cout << "storefront listening on http://" << options.bind << ':' << storefront_->port()
                  << '\n'
                  << "admin listening on http://" << options.bind << ':' << storefront_->adminPort()
                  << std::endl;
    };
    try {
        storefront_ = std::make_unique<topcoat::Storefront>(options);
        storefront_->start(printListening);
    } catch (const std::exception& taken) {
        // Most likely the port is in use (another shop, a web server): take any free one.
        std::cerr << "topcoat: port " << options.port << " unavailable (" << taken.what()
                  << "); using a free port\n";
        storefront_.reset();
        options.port = 0;
        try {
            storefront_ = std::make_unique<topcoat::Storefront>(options);
            storefront_->start(printListening);
        } catch (const std::exception& error) {
            storefront_.reset();
            QMessageBox::critical(nullptr, QObject::tr("Topcoat"),
                                  QObject::tr("The storefront could not start:\n%1")
                                      .arg(QString::fromStdString(error.what())));
            return false;
        }
    }

    QUrl adminUrl;
    adminUrl.setScheme(QStringLiteral("http"));
    adminUrl.setHost(QString::fromStdString(options.bind));
    adminUrl.setPort(storefront_->adminPort());
    client_.setServer(adminUrl, QString::fromStdString(storefront_->adminToken()));
    description = QObject::tr("Embedded storefront on http://%1:%2")
                      .arg(QString::fromStdString(options.bind))
                      .arg(storefront_->port());
    return true;
}

void ConsoleApp::offerDemoShop() {
    if (storefront_->productCount() > 0)
        return;
    const auto answer = QMessageBox::question(
        window_.get(), QObject::tr("An empty shop"),
        QObject::tr("There are no products yet. Load the demo shop (24 nail-polish shades and "
                    "a flash sale a few minutes from now) to try Topcoat out?"));
    if (answer == QMessageBox::Yes)
        storefront_->seedDemo();
}
