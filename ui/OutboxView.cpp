#include "OutboxView.h"

#include "OrdersModel.h"
#include "WebhookDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontMetrics>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace topcoat::ui {

namespace {

enum WebhookColumn { Url, Events, Secret, Created, WebhookColumnCount };

constexpr int WebhookIdRole = Qt::UserRole;

// Enough of the secret to tell two apart; the whole of it goes only to the clipboard.
QString shortSecret(const QString& secret) {
    return secret.size() > 14 ? secret.left(10) + QStringLiteral("…") + secret.right(4) : secret;
}

QString apiMessage(const ApiError& error) {
    return error.message.isEmpty() ? error.code : error.message;
}

} // namespace

QString OutboxView::countsText(const DeliveryCounts& counts) {
    auto text = tr("%1 pending · %2 sent · %3 failed")
                    .arg(groupedNumber(counts.pending), groupedNumber(counts.sent),
                         groupedNumber(counts.failed));
    // Events not yet turned into deliveries: after a burst of orders most wait here at first,
    // and the pending count alone would look too small.
    if (counts.unplanned)
        text += tr(" · %1 waiting to be planned").arg(groupedNumber(*counts.unplanned));
    return text;
}

OutboxView::OutboxView(ConsoleSession& session, QWidget* parent, int pageSize)
    : QWidget(parent), client_(session.client()), pageSize_(pageSize),
      webhookTable_(new QTableWidget(0, WebhookColumnCount, this)),
      add_(new QPushButton(tr("Add…"), this)),
      copySecret_(new QPushButton(tr("Copy secret"), this)),
      remove_(new QPushButton(tr("Remove…"), this)), state_(new QComboBox(this)),
      countsLabel_(new QLabel(this)), deliveryTable_(new QTableView(this)),
      retry_(new QPushButton(tr("Retry"), this)), older_(new QPushButton(tr("Older…"), this)),
      message_(new QLabel(this)) {
    webhookTable_->setObjectName(QStringLiteral("webhooks"));
    webhookTable_->setHorizontalHeaderLabels({tr("URL"), tr("Events"), tr("Secret"), tr("Added")});
    webhookTable_->horizontalHeader()->setStretchLastSection(true);
    webhookTable_->verticalHeader()->hide();
    webhookTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    webhookTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    webhookTable_->setSelectionMode(QAbstractItemView::SingleSelection);
    webhookTable_->setWordWrap(false);
    // Four rows in sight (a shop has at most 20): the delivery log gets the rest.
    webhookTable_->setMaximumHeight(webhookTable_->horizontalHeader()->sizeHint().height() +
                                    4 * webhookTable_->verticalHeader()->defaultSectionSize() + 4);
    const QFontMetrics metrics(font());
    webhookTable_->horizontalHeader()->resizeSection(
        Url, metrics.horizontalAdvance(QStringLiteral("http://fulfilment.example.com/topcoat")));
    webhookTable_->horizontalHeader()->resizeSection(
        Events, metrics.horizontalAdvance(QStringLiteral("order.created, order.cancelled, …")));
    webhookTable_->horizontalHeader()->resizeSection(
        Secret, metrics.horizontalAdvance(QStringLiteral("whsec_0123…cdef")) + 24);
    add_->setObjectName(QStringLiteral("addWebhook"));
    copySecret_->setObjectName(QStringLiteral("copySecret"));
    copySecret_->setToolTip(tr("Copies the selected webhook's whole secret, for its receiver to "
                               "check signatures with."));
    remove_->setObjectName(QStringLiteral("removeWebhook"));

    state_->setObjectName(QStringLiteral("stateFilter"));
    state_->setAccessibleName(tr("State"));
    state_->addItem(tr("Every state"), QString());
    for (const auto& state :
         {QStringLiteral("pending"), QStringLiteral("sent"), QStringLiteral("failed")})
        state_->addItem(state.at(0).toUpper() + state.mid(1), state);
    countsLabel_->setObjectName(QStringLiteral("deliveryCounts"));
    deliveryTable_->setObjectName(QStringLiteral("deliveries"));
    deliveryTable_->setModel(&deliveries_);
    deliveryTable_->verticalHeader()->hide();
    deliveryTable_->horizontalHeader()->setStretchLastSection(true);
    deliveryTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    deliveryTable_->setSelectionMode(QAbstractItemView::SingleSelection);
    deliveryTable_->setWordWrap(false);
    const std::pair<int, const char*> samples[] = {
        {DeliveriesModel::EventId, "999999"},
        {DeliveriesModel::Type, "order.cancelled"},
        {DeliveriesModel::OrderId, "ord_23na3te6xqk8h4m2p7wzbc5dr9"},
        {DeliveriesModel::Target, "webhook:20"},
        {DeliveriesModel::State, "pending"},
        {DeliveriesModel::Attempts, "Tries"},
        {DeliveriesModel::NextAttempt, "2026-11-22 18:00:00"},
        {DeliveriesModel::LastError, "Connection refused"},
    };
    for (const auto& [column, sample] : samples)
        deliveryTable_->horizontalHeader()->resizeSection(
            column, metrics.horizontalAdvance(QString::fromLatin1(sample)) + 16);
    retry_->setObjectName(QStringLiteral("retryDelivery"));
    retry_->setToolTip(tr("Sends a failed delivery again, its tries counted afresh."));
    older_->setObjectName(QStringLiteral("olderDeliveries"));
    message_->setObjectName(QStringLiteral("outboxMessage"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->setStyleSheet(QStringLiteral("color: #c62828;"));

    auto* webhooksBox = new QGroupBox(tr("Webhooks: told of every chosen order event"), this);
    auto* webhookButtons = new QVBoxLayout;
    for (auto* button : {add_, copySecret_, remove_})
        webhookButtons->addWidget(button);
    webhookButtons->addStretch();
    auto* webhooksLayout = new QHBoxLayout(webhooksBox);
    webhooksLayout->addWidget(webhookTable_, 1);
    webhooksLayout->addLayout(webhookButtons);

    auto* deliveriesBox = new QGroupBox(tr("Deliveries (newest event first)"), this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(state_);
    bar->addWidget(countsLabel_);
    bar->addStretch();
    bar->addWidget(retry_);
    bar->addWidget(older_);
    auto* deliveriesLayout = new QVBoxLayout(deliveriesBox);
    deliveriesLayout->addLayout(bar);
    deliveriesLayout->addWidget(deliveryTable_, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(webhooksBox);
    layout->addWidget(deliveriesBox, 1);
    layout->addWidget(message_);

    connect(add_, &QPushButton::clicked, this, &OutboxView::onAdd);
    connect(copySecret_, &QPushButton::clicked, this, &OutboxView::onCopySecret);
    connect(remove_, &QPushButton::clicked, this, &OutboxView::onRemove);
    connect(retry_, &QPushButton::clicked, this, &OutboxView::onRetry);
    connect(older_, &QPushButton::clicked, this, &OutboxView::onOlder);
    connect(state_, &QComboBox::currentIndexChanged, this, &OutboxView::onStateChanged);
    connect(webhookTable_, &QTableWidget::itemSelectionChanged, this, &OutboxView::updateButtons);
    connect(deliveryTable_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OutboxView::updateButtons);
    connect(&deliveries_, &QAbstractItemModel::modelReset, this, &OutboxView::updateButtons);
    connect(&deliveries_, &QAbstractItemModel::rowsInserted, this, &OutboxView::updateButtons);
    connect(&session, &ConsoleSession::ordersDue, this, [this] {
        if (following_)
            refresh();
    });
    updateButtons();
    refresh();
}

void OutboxView::setFollowing(bool following) {
    // Coming back to the screen shows it as it is now, not a beat later.
    if (!std::exchange(following_, following) && following)
        refresh();
}

QString OutboxView::message() const {
    return message_->text();
}

void OutboxView::say(const QString& text) {
    message_->setText(text);
}

void OutboxView::refresh() {
    refreshWebhooks();
    refreshDeliveries();
}

void OutboxView::refreshWebhooks() {
    if (webhooksPending_)
        return;
    webhooksPending_ = true;
    client_.webhooks(this, [this](const ApiResult<QList<Webhook>>& result) {
        webhooksPending_ = false;
        if (result.ok())
            showWebhooks(*result.value);
        emit webhooksRefreshed();
    });
}

void OutboxView::showWebhooks(const QList<Webhook>& webhooks) {
    const auto selected = selectedWebhook();
    webhooks_ = webhooks;
    webhookTable_->setRowCount(int(webhooks.size()));
    for (int row = 0; row < webhooks.size(); ++row) {
        const auto& webhook = webhooks[row];
        const QStringList cells{
            webhook.url, webhook.events.join(QStringLiteral(", ")), shortSecret(webhook.secret),
            webhook.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setData(WebhookIdRole, webhook.id);
            item->setToolTip(column == Secret ? tr("Copy secret copies all of it") : cells[column]);
            webhookTable_->setItem(row, column, item);
        }
        if (selected && selected->id == webhook.id)
            webhookTable_->selectRow(row); // a refresh keeps what the owner picked
    }
    updateButtons();
}

void OutboxView::refreshDeliveries() {
    if (deliveriesPending_) {
        deliveriesAgain_ = true; // the answer on its way may predate what asked
        return;
    }
    deliveriesPending_ = true;
    const int generation = generation_;
    client_.outbox(state_->currentData().toString(), QString(), pageSize_, this,
                   [this, generation](const ApiResult<OutboxPage>& result) {
                       deliveriesPending_ = false;
                       const bool again = std::exchange(deliveriesAgain_, false);
                       if (generation != generation_) {
                           refreshDeliveries(); // the filter changed meanwhile
                           return;
                       }
                       if (again)
                           QTimer::singleShot(0, this, &OutboxView::refreshDeliveries);
                       if (!result.ok()) {
                           say(tr("Could not read the outbox: %1").arg(apiMessage(*result.error)));
                           return;
                       }
                       // Keep the selected delivery selected across the reset.
                       const auto selected = selectedDelivery();
                       counts_ = result.value->counts;
                       countsLabel_->setText(countsText(counts_));
                       deliveries_.showNewest(*result.value);
                       if (selected)
                           for (int row = 0; row < deliveries_.rowCount(); ++row) {
                               const auto& d = deliveries_.delivery(row);
                               if (d.eventId == selected->eventId && d.target == selected->target)
                                   deliveryTable_->selectRow(row);
                           }
                       emit deliveriesRefreshed();
                   });
}

void OutboxView::onStateChanged() {
    ++generation_;
    deliveries_.clear();
    refreshDeliveries();
}

void OutboxView::onOlder() {
    const auto before = deliveries_.next();
    if (!before || olderPending_)
        return;
    olderPending_ = true;
    updateButtons();
    const int generation = generation_;
    client_.outbox(
        state_->currentData().toString(), *before, pageSize_, this,
        [this, generation](const ApiResult<OutboxPage>& result) {
            olderPending_ = false;
            if (generation == generation_ && result.ok())
                deliveries_.appendOlder(*result.value);
            else if (!result.ok())
                say(tr("Could not read older deliveries: %1").arg(apiMessage(*result.error)));
            updateButtons();
            emit deliveriesRefreshed();
        });
}

std::optional<Webhook> OutboxView::selectedWebhook() const {
    const auto rows = webhookTable_->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().row() >= webhooks_.size())
        return std::nullopt;
    return webhooks_[rows.first().row()];
}

std::optional<Delivery> OutboxView::selectedDelivery() const {
    const auto rows = deliveryTable_->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().row() >= deliveries_.rowCount())
        return std::nullopt;
    return deliveries_.delivery(rows.first().row());
}

void OutboxView::updateButtons() {
    const bool webhook = selectedWebhook().has_value();
    copySecret_->setEnabled(webhook);
    remove_->setEnabled(webhook && !removeBox_);
    add_->setEnabled(!addDialog_);
    const auto delivery = selectedDelivery();
    // The server retries only a failed delivery (404 otherwise): offer nothing else.
    retry_->setEnabled(delivery && delivery->state == QLatin1String("failed"));
    older_->setEnabled(deliveries_.next().has_value() && !olderPending_);
}

void OutboxView::onAdd() {
    if (addDialog_)
        return;
    addDialog_ = new WebhookDialog(this);
    addDialog_->setAttribute(Qt::WA_DeleteOnClose);
    connect(addDialog_, &QDialog::finished, this, [this](int result) {
        const auto url = addDialog_->url();
        const auto events = addDialog_->events();
        addDialog_ = nullptr;
        updateButtons();
        if (result != QDialog::Accepted)
            return;
        say(QString());
        client_.addWebhook(url, events, this, [this](const ApiResult<Webhook>& added) {
            if (!added.ok()) {
                say(tr("Webhook not added: %1").arg(apiMessage(*added.error)));
                return;
            }
            refreshWebhooks();
        });
    });
    updateButtons();
    addDialog_->open();
}

void OutboxView::onRemove() {
    const auto webhook = selectedWebhook();
    if (!webhook || removeBox_)
        return;
    removeBox_ = new QMessageBox(
        QMessageBox::Warning, tr("Remove webhook"),
        tr("Remove the webhook to %1? Its deliveries not yet sent are given up, and it hears of "
           "no more events.")
            .arg(webhook->url),
        QMessageBox::Yes | QMessageBox::No, this);
    removeBox_->setObjectName(QStringLiteral("removeWebhookConfirm"));
    removeBox_->setDefaultButton(QMessageBox::No);
    removeBox_->setAttribute(Qt::WA_DeleteOnClose);
    const auto id = webhook->id;
    connect(removeBox_, &QMessageBox::finished, this, [this, id](int answer) {
        removeBox_ = nullptr;
        updateButtons();
        if (answer != QMessageBox::Yes)
            return;
        say(QString());
        client_.removeWebhook(id, this, [this](const ApiResult<bool>& removed) {
            if (!removed.ok())
                say(tr("Webhook not removed: %1").arg(apiMessage(*removed.error)));
            refresh();
        });
    });
    updateButtons();
    removeBox_->open();
}

void OutboxView::onCopySecret() {
    if (const auto webhook = selectedWebhook())
        QApplication::clipboard()->setText(webhook->secret);
}

void OutboxView::onRetry() {
    const auto delivery = selectedDelivery();
    if (!delivery)
        return;
    say(QString());
    retry_->setEnabled(false);
    client_.retryDelivery(delivery->eventId, delivery->target, this,
                          [this](const ApiResult<bool>& retried) {
                              if (!retried.ok())
                                  say(tr("Not retried: %1").arg(apiMessage(*retried.error)));
                              refreshDeliveries();
                          });
}

} // namespace topcoat::ui
