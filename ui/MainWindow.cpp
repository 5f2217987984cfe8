#include "MainWindow.h"

#include "CatalogView.h"
#include "DashboardView.h"
#include "DegradationView.h"
#include "GuideDialog.h"
#include "LogView.h"
#include "MailView.h"
#include "OrdersView.h"
#include "OutboxView.h"
#include "ProtectionView.h"
#include "SalesView.h"
#include "ServerView.h"
#include "ShopIdentityForm.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QStatusBar>
#include <QTabWidget>

namespace topcoat::ui {

MainWindow::MainWindow(ConsoleSession& session, const QString& serverDescription,
                       bool quitStopsStorefront, QWidget* parent)
    : QMainWindow(parent), session_(session), client_(session.client()),
      serverDescription_(serverDescription), quitStopsStorefront_(quitStopsStorefront),
      tabs_(new QTabWidget(this)), dashboard_(new DashboardView(session, this)),
      sales_(new SalesView(session, this)), catalog_(new CatalogView(session, this)),
      orders_(new OrdersView(session, this)), outbox_(new OutboxView(session, this)),
      degradation_(new DegradationView(session, this)),
      protection_(new ProtectionView(session, this)), logs_(new LogView(session, this)),
      server_(new ServerView(this)), shop_(new ShopIdentityForm(client_, this)),
      mail_(new MailView(session, this)), connectionLabel_(new QLabel(this)) {
    setWindowTitle(tr("Topcoat"));
    // The size the screens are laid out for, or the whole screen when it is smaller (a small
    // laptop): a window larger than its screen would hide the status bar and the tabs' edges.
    const QSize preferred(1280, 820);
    resize(screen() ? preferred.boundedTo(screen()->availableGeometry().size()) : preferred);
    tabs_->setDocumentMode(true);
    dashboard_->setObjectName(QStringLiteral("dashboard"));
    tabs_->addTab(dashboard_, tr("Dashboard"));
    sales_->setObjectName(QStringLiteral("sales"));
    tabs_->addTab(sales_, tr("Sales"));
    catalog_->setObjectName(QStringLiteral("catalog"));
    tabs_->addTab(catalog_, tr("Catalog"));
    orders_->setObjectName(QStringLiteral("orders"));
    tabs_->addTab(orders_, tr("Orders"));
    outbox_->setObjectName(QStringLiteral("outbox"));
    tabs_->addTab(outbox_, tr("Outbox"));
    degradation_->setObjectName(QStringLiteral("degradation"));
    tabs_->addTab(degradation_, tr("Degradation"));
    protection_->setObjectName(QStringLiteral("protection"));
    tabs_->addTab(protection_, tr("Protection"));
    logs_->setObjectName(QStringLiteral("logs"));
    tabs_->addTab(logs_, tr("Logs"));
    server_->setObjectName(QStringLiteral("server"));
    tabs_->addTab(server_, tr("Server"));
    // Last, so the screens before it keep their Ctrl+number.
    shop_->setObjectName(QStringLiteral("shop"));
    tabs_->addTab(shop_, tr("Shop"));
    // Reads the server's templates itself when first shown.
    mail_->setObjectName(QStringLiteral("mail"));
    tabs_->addTab(mail_, tr("Mail"));
    setCentralWidget(tabs_);
    buildMenus();
    // Only the screen in front follows new orders (see OrdersModel::setPaused), reads the
    // outbox, or draws the protection counters each second.
    const auto follow = [this] {
        orders_->setFollowing(tabs_->currentWidget() == orders_);
        outbox_->setFollowing(tabs_->currentWidget() == outbox_);
        protection_->setFollowing(tabs_->currentWidget() == protection_);
        // Read when first shown, not again: coming back must not undo what was typed.
        if (tabs_->currentWidget() == shop_ && !shopLoaded_) {
            shopLoaded_ = true;
            shop_->load();
        }
    };
    connect(tabs_, &QTabWidget::currentChanged, this, follow);
    follow();

    connectionLabel_->setText(serverDescription_);
    statusBar()->addPermanentWidget(connectionLabel_);

    connect(&client_, &AdminClient::connectionChanged, this, &MainWindow::onConnectionChanged);
    connect(&client_, &AdminClient::unauthorized, this, &MainWindow::onUnauthorized);
    connect(&session_, &ConsoleSession::statusUpdated, this, &MainWindow::onStatusUpdated);
    connect(&session_, &ConsoleSession::clusterUpdated, this,
            [this] { server_->showCluster(session_.cluster(), session_.clusterError()); });
    // Built hidden: the session beats slowly until the window is shown.
    updateVisibility();
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Import catalog…"), QKeySequence(tr("Ctrl+I")), this, [this] {
        tabs_->setCurrentWidget(catalog_);
        catalog_->importFromChosenFile();
    });
    file->addAction(tr("&Export orders…"), QKeySequence(tr("Ctrl+E")), this, [this] {
        tabs_->setCurrentWidget(orders_);
        orders_->exportToChosenFile();
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    // Ctrl+1 … Ctrl+9: the screens in the order of their tabs; a tenth has none (Ctrl+10 is no
    // key anyone can press).
    auto* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < tabs_->count(); ++i) {
        const auto shortcut = i < 9 ? QKeySequence(tr("Ctrl+%1").arg(i + 1)) : QKeySequence();
        view->addAction(tabs_->tabText(i), shortcut, this,
                        [this, i] { tabs_->setCurrentIndex(i); });
    }

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Your &first sale"), QKeySequence::HelpContents, this,
                    [this] { showGuide(QStringLiteral("Your first sale")); });
    help->addAction(tr("&Put your shop online"), this,
                    [this] { showGuide(QStringLiteral("Put your shop online")); });
    help->addSeparator();
    help->addAction(tr("&About Topcoat"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::showGuide(const QString& heading) {
    auto* guide = new GuideDialog(heading, this);
    guide->setAttribute(Qt::WA_DeleteOnClose);
    guide->show();
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Topcoat"),
        tr("<h3>Topcoat %1</h3>"
           "<p>Flash sales for small shops: the storefront and its console in one program.</p>"
           "<p>Copyright 2026 Topcoat contributors. MIT licence.</p>"
           "<p>Built with Qt %2 (LGPL 3), POCO C++ Libraries (Boost Software Licence 1.0), "
           "spdlog and {fmt} (MIT) and SQLite (public domain).</p>")
            .arg(QApplication::applicationVersion().toHtmlEscaped(),
                 QString::fromLatin1(qVersion())));
}

bool MainWindow::showScreen(const QString& name) {
    for (int i = 0; i < tabs_->count(); ++i) {
        if (tabs_->widget(i)->objectName() == name) {
            tabs_->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

void MainWindow::onStatusUpdated() {
    server_->showStatus(session_.status(), session_.statusError());
    emit statusRefreshed();
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    updateVisibility();
}

void MainWindow::hideEvent(QHideEvent* event) {
    QMainWindow::hideEvent(event);
    updateVisibility();
}

void MainWindow::changeEvent(QEvent* event) {
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::WindowStateChange)
        updateVisibility();
}

void MainWindow::updateVisibility() {
    session_.setWindowVisible(isVisible() && !isMinimized());
}

void MainWindow::setServerDescription(const QString& description, bool quitStopsStorefront) {
    serverDescription_ = description;
    quitStopsStorefront_ = quitStopsStorefront;
    session_.forgetStatus();
    connectionLabel_->setText(description);
    connectionLabel_->setStyleSheet(QString());
}

void MainWindow::onConnectionChanged(bool reachable) {
    connectionLabel_->setText(reachable ? serverDescription_
                                        : tr("%1 — not answering").arg(serverDescription_));
    connectionLabel_->setStyleSheet(reachable ? QString() : QStringLiteral("color: #c62828;"));
}

void MainWindow::onUnauthorized() {
    connectionLabel_->setText(tr("%1 — the admin token was refused").arg(serverDescription_));
    connectionLabel_->setStyleSheet(QStringLiteral("color: #c62828;"));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // Quitting a console attached to a remote topcoatd leaves that storefront running.
    const auto& status = session_.status();
    if (quitStopsStorefront_ && status && status->saleState == QLatin1String("live")) {
        const auto name = status->liveSale ? status->liveSale->name : tr("A sale");
        const auto answer = QMessageBox::warning(
            this, tr("A sale is live"),
            tr("%1 is live right now. Quitting stops the storefront, and customers can no "
               "longer buy.\n\nEvery confirmed order is already saved. Quit anyway?")
                .arg(name),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    event->accept();
}

} // namespace topcoat::ui
