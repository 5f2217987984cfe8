#pragma once

// The console's window: one tab per job (dashboard first), a status bar saying which
// storefront it manages and whether it answers, and a guard against quitting mid-sale.

#include "ConsoleSession.h"

#include <QMainWindow>
#include <optional>

class QLabel;
class QTabWidget;

namespace topcoat::ui {

class CatalogView;
class DashboardView;
class DegradationView;
class LogView;
class MailView;
class OrdersView;
class OutboxView;
class ProtectionView;
class ShopIdentityForm;
class SalesView;
class ServerView;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // `serverDescription` says what is managed, e.g. "embedded storefront on port 8080";
    // `quitStopsStorefront` when the storefront runs inside this process.
    MainWindow(ConsoleSession& session, const QString& serverDescription, bool quitStopsStorefront,
               QWidget* parent = nullptr);

    // Brings the named screen forward ("dashboard", …); false if there is none by that name.
    bool showScreen(const QString& name);

    ServerView& serverView() { return *server_; }
    OrdersView& ordersView() { return *orders_; }
    // Says what is managed now (after switching between embedded and remote).
    void setServerDescription(const QString& description, bool quitStopsStorefront);

    // The last status the storefront reported, if any.
    const std::optional<ServerStatus>& lastStatus() const { return session_.status(); }

signals:
    void statusRefreshed();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildMenus();
    void showGuide(const QString& heading);
    void showAbout();
    void onStatusUpdated();
    // Tells the session whether anyone can see the window (it polls slower when not).
    void updateVisibility();
    void onConnectionChanged(bool reachable);
    void onUnauthorized();

    ConsoleSession& session_;
    AdminClient& client_;
    QString serverDescription_;
    bool quitStopsStorefront_;
    QTabWidget* tabs_;
    DashboardView* dashboard_;
    SalesView* sales_;
    CatalogView* catalog_;
    OrdersView* orders_;
    OutboxView* outbox_;
    DegradationView* degradation_;
    ProtectionView* protection_;
    LogView* logs_;
    ServerView* server_;
    ShopIdentityForm* shop_;
    bool shopLoaded_ = false;
    MailView* mail_;
    QLabel* connectionLabel_;
};

} // namespace topcoat::ui
