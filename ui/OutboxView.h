#pragma once

// The Outbox screen: the webhooks the owner registered (add, copy a secret, remove) and the log
// of every delivery to them, filtered by state, with the counts of pending, sent and failed
// (and of events waiting to be planned), older pages on request, and "Retry" for a delivery
// that was given up.

#include "ConsoleSession.h"
#include "DeliveriesModel.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QMessageBox;
class QPushButton;
class QTableView;
class QTableWidget;

namespace topcoat::ui {

class WebhookDialog;

class OutboxView : public QWidget {
    Q_OBJECT

public:
    static constexpr int defaultPageSize = 100;

    // Reads both lists at once, then on the session's orders beat while following. pageSize:
    // deliveries per call (tests use a small one to exercise "Older…").
    explicit OutboxView(ConsoleSession& session, QWidget* parent = nullptr,
                        int pageSize = defaultPageSize);

    // Whether the lists are read on the beat (the window turns it off while another screen is
    // in front).
    void setFollowing(bool following);

    const QList<Webhook>& webhooks() const { return webhooks_; }
    const DeliveriesModel& deliveries() const { return deliveries_; }
    const DeliveryCounts& counts() const { return counts_; }
    // "3 pending · 10 sent · 0 failed · 40 waiting to be planned", the last part only from a
    // server that counts events not planned yet.
    static QString countsText(const DeliveryCounts& counts);
    QTableView& deliveryTable() { return *deliveryTable_; }
    QTableWidget& webhookTable() { return *webhookTable_; }
    // What the last action said ("" when it went well).
    QString message() const;
    // The dialogs waiting for an answer, if any.
    WebhookDialog* addDialog() const { return addDialog_; }
    QMessageBox* removeConfirmation() const { return removeBox_; }

signals:
    // A webhooks or deliveries reply was shown.
    void webhooksRefreshed();
    void deliveriesRefreshed();

public slots:
    void refresh();

private:
    void refreshWebhooks();
    void refreshDeliveries();
    void showWebhooks(const QList<Webhook>& webhooks);
    void onAdd();
    void onRemove();
    void onCopySecret();
    void onRetry();
    void onOlder();
    void onStateChanged();
    void updateButtons();
    void say(const QString& text);
    std::optional<Webhook> selectedWebhook() const;
    std::optional<Delivery> selectedDelivery() const;

    AdminClient& client_;
    const int pageSize_;
    QTableWidget* webhookTable_;
    QPushButton* add_;
    QPushButton* copySecret_;
    QPushButton* remove_;
    QComboBox* state_;
    QLabel* countsLabel_;
    DeliveriesModel deliveries_;
    QTableView* deliveryTable_;
    QPushButton* retry_;
    QPushButton* older_;
    QLabel* message_;
    WebhookDialog* addDialog_ = nullptr;
    QMessageBox* removeBox_ = nullptr;
    QList<Webhook> webhooks_;
    DeliveryCounts counts_;
    bool following_ = true;
    bool webhooksPending_ = false;
    bool deliveriesPending_ = false;
    bool deliveriesAgain_ = false; // asked for while a reading was on its way (e.g. after Retry)
    bool olderPending_ = false;
    int generation_ = 0; // bumped when the filter changes: answers to older asks are dropped
};

} // namespace topcoat::ui
