#include "ConsoleApp.h"

#include "server/http/ListeningSocket.h"
#include "ui/CertificateTrust.h"
#include "ui/OrdersView.h"
#include "ui/ServerView.h"

#include <QFile>
#include <QInputDialog>
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
    session_.reset();
    stopEmbedded();
}

bool ConsoleApp::start() {
    remote_ = !commandLine_.remoteUrl.isEmpty() ||
              (settings_.useRemote() && commandLine_.dataDir.isEmpty());
    if (remote_) {
        if (!commandLine_.remoteUrl.isEmpty()) {
            settings_.setRemoteAdminUrl(commandLine_.remoteUrl);
            if (!commandLine_.token.isEmpty())
                rememberToken(commandLine_.token);
            if (!commandLine_.fingerprint.isEmpty())
                settings_.setPinnedFingerprint(commandLine_.remoteUrl, commandLine_.fingerprint);
            settings_.setClientCertificate(commandLine_.clientCertificatePath,
                                           commandLine_.clientKeyPath);
        }
        settings_.setUseRemote(true);
        if (settings_.remoteToken().isEmpty() && !askForToken())
            return false;
        connectRemote();
    } else {
        settings_.setUseRemote(false);
        if (!startEmbedded())
            return false;
    }

    session_ = std::make_unique<topcoat::ui::ConsoleSession>(client_, clock_);
    window_ = std::make_unique<topcoat::ui::MainWindow>(*session_, QString(), !remote_);
    // Who moves orders on from this console, remembered between runs.
    auto& orders = window_->ordersView();
    orders.setStaffName(settings_.staffName());
    QObject::connect(&orders, &topcoat::ui::OrdersView::staffNameChanged,
                     [this](const QString& name) { settings_.setStaffName(name); });
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
                     [this](const topcoat::ui::AttachRequest& request) { attachRemote(request); });
    QObject::connect(&server, &topcoat::ui::ServerView::publicUrlEntered, [this](const QUrl& url) {
        settings_.setPublicUrl(remote_ ? client_.serverUrl() : QUrl(), url);
        describe();
    });
    QObject::connect(&client_, &topcoat::ui::AdminClient::untrustedCertificate,
                     [this](const QUrl& serverUrl, const QSslCertificate& certificate) {
                         confirmCertificate(serverUrl, certificate);
                     });
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
    client_.setTls(topcoat::ui::TlsSettings());
    client_.setServer(adminUrl, QString::fromStdString(storefront_->adminToken()));
    return true;
}

void ConsoleApp::stopEmbedded() {
    if (!storefront_)
        return;
    storefront_->stop();
    storefront_.reset();
}

void ConsoleApp::attachRemote(const topcoat::ui::AttachRequest& request) {
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
    settings_.setRemoteAdminUrl(request.adminUrl);
    rememberToken(request.token);
    settings_.setClientCertificate(request.clientCertificatePath, request.clientKeyPath);
    connectRemote();
    describe();
}

void ConsoleApp::rememberToken(const QString& token) {
    QString error;
    if (!settings_.setRemoteToken(token, &error))
        QMessageBox::warning(window_.get(), QObject::tr("Topcoat"),
                             QObject::tr("The admin token could not be saved (%1); it is used "
                                         "until the console closes.")
                                 .arg(error));
    rememberedToken_ = token;
}

bool ConsoleApp::askForToken() {
    bool ok = false;
    const auto token =
        QInputDialog::getText(nullptr, QObject::tr("Admin token"),
                              QObject::tr("The admin token of %1 (the file admin-token in the "
                                          "server's data directory):")
                                  .arg(settings_.remoteAdminUrl().toString()),
                              QLineEdit::Password, {}, &ok)
            .trimmed();
    if (!ok || token.isEmpty())
        return false;
    rememberToken(token);
    return true;
}

void ConsoleApp::connectRemote() {
    const auto url = settings_.remoteAdminUrl();
    topcoat::ui::TlsSettings tls;
    tls.pinnedFingerprint = settings_.pinnedFingerprint(url);
    const auto certificatePath = settings_.clientCertificatePath();
    if (!certificatePath.isEmpty()) {
        QFile certificate(certificatePath);
        QFile key(settings_.clientKeyPath());
        if (certificate.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly)) {
            tls.clientCertificate = QSslCertificate(&certificate, QSsl::Pem);
            tls.clientKey = QSslKey(&key, QSsl::Ec, QSsl::Pem);
            if (tls.clientKey.isNull()) {
                key.seek(0);
                tls.clientKey = QSslKey(&key, QSsl::Rsa, QSsl::Pem);
            }
        }
        if (tls.clientCertificate.isNull() || tls.clientKey.isNull()) {
            tls.clientCertificate = QSslCertificate();
            tls.clientKey = QSslKey();
            QMessageBox::warning(window_.get(), QObject::tr("Topcoat"),
                                 QObject::tr("The client certificate %1 or its key %2 cannot "
                                             "be read as PEM; connecting without it.")
                                     .arg(certificatePath, settings_.clientKeyPath()));
        }
    }
    client_.setTls(tls);
    const auto token = rememberedToken_.isEmpty() ? settings_.remoteToken() : rememberedToken_;
    client_.setServer(url, token);
}

void ConsoleApp::confirmCertificate(const QUrl& server, const QSslCertificate& certificate) {
    if (askingAboutCertificate_ || server != client_.serverUrl())
        return;
    askingAboutCertificate_ = true;
    const auto fingerprint = topcoat::ui::sha256Fingerprint(certificate);
    const auto pinned = settings_.pinnedFingerprint(server);
    const auto question =
        pinned.isEmpty()
            ? QObject::tr("%1 presents a certificate that no authority this computer trusts "
                          "has signed (a self-signed one, say). Trust it only if its SHA-256 "
                          "fingerprint is the one the server shows:\n\n%2\n\nOn the server: "
                          "openssl x509 -noout -fingerprint -sha256 -in CERTIFICATE.pem\n\n"
                          "Trust this certificate from now on?")
                  .arg(server.host(), fingerprint)
            : QObject::tr("%1 presents a different certificate from the one you trusted.\n\n"
                          "Trusted: %2\nNow: %3\n\nIf nobody renewed it, someone may be "
                          "between you and the server. Trust the new certificate?")
                  .arg(server.host(), pinned, fingerprint);
    auto answer = QMessageBox::warning(window_.get(), QObject::tr("Is this your server?"), question,
                                       QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    askingAboutCertificate_ = false;
    if (answer != QMessageBox::Yes)
        return;
    settings_.setPinnedFingerprint(server, fingerprint);
    connectRemote();
    describe();
}

void ConsoleApp::describe() {
    auto& server = window_->serverView();
    if (remote_) {
        const auto url = client_.serverUrl();
        window_->setServerDescription(QObject::tr("topcoatd at %1").arg(url.toString()), false);
        server.setEmbedded(false, false);
        server.setAdminUrl(url.toString());
        server.setStorefrontUrl(QStringLiteral("—"));
        server.setConnectionSecurity(topcoat::ui::connectionSecurity(
            url, client_.tls().pinnedFingerprint, client_.tls().clientCertificate));
        server.setServerHost(url.host());
        server.setPublicUrl(settings_.publicUrl(url));
        return;
    }
    server.setConnectionSecurity(QObject::tr("Inside this program (loopback)"));
    server.setServerHost({});
    server.setPublicUrl(settings_.publicUrl({}));
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
