#pragma once

// The Server screen: which storefront the console manages (embedded or a remote topcoatd),
// its URLs, uptime, database size and durability, and the controls to stop or start the
// embedded storefront or attach to another server, and every node of the shop. The console's
// composition root acts on the requests this view emits; the view itself never reaches the server
// but through the API.

#include "ApiTypes.h"
#include "AttachDialog.h"
#include "ShopReach.h"

#include <QWidget>
#include <optional>

class QLabel;
class QPushButton;

namespace topcoat::ui {

class NodesPanel;

class ServerView : public QWidget {
    Q_OBJECT

public:
    explicit ServerView(QWidget* parent = nullptr);

    // What is managed: "embedded" with its running state, or "remote".
    void setEmbedded(bool embedded, bool running);
    void setStorefrontUrl(const QString& url);
    void setAdminUrl(const QString& url);
    // Nothing: the last call failed, with `failure` saying how (a refused certificate or
    // token is shown as such, anything else as "not answering").
    void showStatus(const std::optional<ServerStatus>& status,
                    const std::optional<ApiError>& failure = std::nullopt);
    // The latest GET /admin/cluster; nothing: the last call failed with `failure`.
    void showCluster(const std::optional<ClusterInfo>& cluster,
                     const std::optional<ApiError>& failure = std::nullopt);
    const NodesPanel& nodesPanel() const { return *nodes_; }
    QString nodesNote() const; // what is said about the list, for tests

    // How the console reaches the server: e.g. "HTTPS, certificate pinned (SHA-256 …)".
    void setConnectionSecurity(const QString& text);
    // What the "Customers" line is worked out from (ShopReach.h): the host a remote topcoatd is
    // reached at ("" for the embedded one) and the public address the owner entered.
    void setServerHost(const QString& host);
    void setPublicUrl(const QUrl& url);
    // The "Customers" line as last worked out; nothing before the first status.
    std::optional<ShopReach> reach() const { return reach_; }

    QString field(const QString& name) const; // the text shown for a field, for tests

signals:
    void stopRequested();
    void startRequested();
    void attachRequested(const topcoat::ui::AttachRequest& request);
    void embeddedRequested();
    // The owner entered (or cleared: empty) where customers reach the shop.
    void publicUrlEntered(const QUrl& url);

private:
    void onAttach();
    void onSetPublicUrl();
    void showReach();
    QLabel* addField(const QString& name, const QString& title);

    QMap<QString, QLabel*> fields_;
    QPushButton* stopButton_;
    QPushButton* startButton_;
    QPushButton* attachButton_;
    QPushButton* embeddedButton_;
    NodesPanel* nodes_;
    QLabel* nodesNote_;
    QString serverHost_;
    QUrl publicUrl_;
    std::optional<ServerStatus> status_;
    std::optional<ShopReach> reach_;
};

} // namespace topcoat::ui
