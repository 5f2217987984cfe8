#pragma once

// The Server screen: which storefront the console manages (embedded or a remote topcoatd),
// its URLs, uptime, database size and durability, and the controls to stop or start the
// embedded storefront or attach to another server. The console's composition root acts on
// the requests this view emits; the view itself never reaches the server but through the API.

#include "ApiTypes.h"

#include <QWidget>
#include <optional>

class QLabel;
class QPushButton;

namespace topcoat::ui {

class ServerView : public QWidget {
    Q_OBJECT

public:
    explicit ServerView(QWidget* parent = nullptr);

    // What is managed: "embedded" with its running state, or "remote".
    void setEmbedded(bool embedded, bool running);
    void setStorefrontUrl(const QString& url);
    void setAdminUrl(const QString& url);
    void showStatus(const std::optional<ServerStatus>& status);

    QString field(const QString& name) const; // the text shown for a field, for tests

signals:
    void stopRequested();
    void startRequested();
    void attachRequested(const QUrl& adminUrl, const QString& token);
    void embeddedRequested();

private:
    void onAttach();
    QLabel* addField(const QString& name, const QString& title);

    QMap<QString, QLabel*> fields_;
    QPushButton* stopButton_;
    QPushButton* startButton_;
    QPushButton* attachButton_;
    QPushButton* embeddedButton_;
};

} // namespace topcoat::ui
