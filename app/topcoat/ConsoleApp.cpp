#include "ConsoleApp.h"

#include "server/http/ListeningSocket.h"
#include "ui/ServerView.h"

#include <QMessageBox>
#include <QStandardPaths>
#include <iostream>

ConsoleApp::ConsoleApp(ConsoleCommandLine commandLine)
    : commandLine_(std::move(commandLine)), client_(network_) {
    options_.dataDir = (commandLine_.dataDir.isEmpty()
                            ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                            : commandLine_.dataDir)
                           .toStdString();
    options_.bind = "127.0.0.1";
    options_.port =
        static_cast<std::uint16_t>(commandLine_.port.value_or(settings_.storefrontPort()));
    options_.adminPort = 0; // loopback only, and nobody needs to know it but this console
    options_.demo = commandLine_.demo;
}

ConsoleApp::~ConsoleApp() {
    window_.reset();
    stopEmbedded();
}

bool ConsoleApp::start() {
    remote_ = !commandLine_.remoteUrl.isEmpty() ||
              (settings_.useRemote() && commandLine_.dataDir.isEmpty());
    if (remote_) {
        if (!commandLine_.remoteUrl.isEmpty()) {
            settings_.setRemoteAdminUrl(commandLine_.remoteUrl);
            settings_.setRemoteToken(commandLine_.token);
        }
        settings_.setUseRemote(true);
        client_.setServer(settings_.remoteAdminUrl(), settings_.remoteToken());
    } else {
        settings_.setUseRemote(false);
        if (!startEmbedded())
            return false;
    }

    window_ = std::make_unique<topcoat::ui::MainWindow>(client_, QString(), !remote_);
    auto& server = window_->serverView();
    QObject::connect(&server, &topcoat::ui::ServerView::stopRequested, [this] {
        stopEmbedded();
        describe();
    });
    QObject::connect(&server, &topcoat::ui::ServerView::startRequested, [this] {
        startEmbedded();
        describe();
    });
    QObject::connect(&server, &topcoat::ui::ServerView::attachRequested,
                     [this](const QUrl& url, const QString& token) { attachRemote(url, token); });
    QObject::connect(&server, &topcoat::ui::ServerView::embeddedRequested, [this] {
        remote_ = false;
        settings_.setUseRemote(false);
        startEmbedded();
        describe();
    });
    describe();

    if (!commandLine_.screen.isEmpty() && !window_->showScreen(commandLine_.screen))
        std::cerr << "topcoat: no screen named " << commandLine_.screen.toStdString() << '\n';
    window_->show();
    if (storefront_)
        offerDemoShop();
    return true;
}

bool ConsoleApp::startEmbedded() {
    if (storefront_)
        return true;
    const auto printListening = [this] {
        std::cout << "storefront listening on http://" << options_.bind << ':'
                  << storefront_->port() << '\n'
                  << "admin listening on http://" << options_.bind << ':'
                  << storefront_->adminPort() << std::endl;
    };
    const auto couldNotStart = [this](const char* why) {
        storefront_.reset();
        QMessageBox::critical(
            window_.get(), QObject::tr("Topcoat"),
            QObject::tr("The storefront could not start:\n%1").arg(QString::fromUtf8(why)));
        return false;
    };
    try {
        storefront_ = std::make_unique<topcoat::Storefront>(options_);
        storefront_->start(printListening);
    } catch (const topcoat::http::PortInUse& taken) {
        // Another shop or a web server has the port: any free one will do on this machine.
        std::cerr << "topcoat: " << taken.what() << "; using a free port\n";
        storefront_.reset();
        auto anyPort = options_;
        anyPort.port = 0;
        try {
            storefront_ = std::make_unique<topcoat::Storefront>(anyPort);
            storefront_->start(printListening);
        } catch (const std::exception& error) {
            return couldNotStart(error.what());
        }
    } catch (const std::exception& error) {
        return couldNotStart(error.what()); // the data dir is taken, the database is foreign...
    }
    QUrl adminUrl;
    adminUrl.setScheme(QStringLiteral("http"));
    adminUrl.setHost(QString::fromStdString(options_.bind));
    adminUrl.setPort(storefront_->adminPort());
    client_.setServer(adminUrl, QString::fromStdString(storefront_->adminToken()));
    return true;
}

void ConsoleApp::stopEmbedded() {
    if (!storefront_)
        return;
    storefront_->stop();
    storefront_.reset();
}

void ConsoleApp::attachRemote(const QUrl& adminUrl, const QString& token) {
    if (storefront_) {
        const auto answer = QMessageBox::question(
            window_.get(), QObject::tr("Attach to a topcoatd"),
            QObject::tr("This stops the embedded storefront (confirmed orders are saved). "
                        "Continue?"));
        if (answer != QMessageBox::Yes)
            return;
    }
    stopEmbedded();
    remote_ = true;
    settings_.setUseRemote(true);
    settings_.setRemoteAdminUrl(adminUrl);
    settings_.setRemoteToken(token);
    client_.setServer(adminUrl, token);
    describe();
}

void ConsoleApp::describe() {
    auto& server = window_->serverView();
    if (remote_) {
        window_->setServerDescription(
            QObject::tr("topcoatd at %1").arg(client_.serverUrl().toString()), false);
        server.setEmbedded(false, false);
        server.setAdminUrl(client_.serverUrl().toString());
        server.setStorefrontUrl(QStringLiteral("—"));
        return;
    }
    server.setEmbedded(true, storefront_ != nullptr);
    if (!storefront_) {
        window_->setServerDescription(QObject::tr("Embedded storefront stopped"), false);
        server.setStorefrontUrl(QObject::tr("stopped"));
        return;
    }
    const auto storefrontUrl = QStringLiteral("http://%1:%2")
                                   .arg(QString::fromStdString(options_.bind))
                                   .arg(storefront_->port());
    window_->setServerDescription(QObject::tr("Embedded storefront on %1").arg(storefrontUrl),
                                  true);
    server.setStorefrontUrl(storefrontUrl);
    server.setAdminUrl(client_.serverUrl().toString() + QObject::tr(" (loopback only)"));
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
