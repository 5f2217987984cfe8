#include "DeliveriesModel.h"

#include <QColor>

namespace topcoat::ui {
namespace {

QString localTime(const std::optional<QDateTime>& at) {
    return at ? at->toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

} // namespace

DeliveriesModel::DeliveriesModel(QObject* parent) : QAbstractTableModel(parent) {}

void DeliveriesModel::showNewest(const OutboxPage& page) {
    beginResetModel();
    const qint64 oldest = page.deliveries.isEmpty() ? 0 : page.deliveries.last().eventId;
    // The rows held run without a gap from their newest down; they go on below the fresh page
    // only when they reach up into it. Otherwise events came between (or the page is the whole
    // log) and the fresh page, with its cursor, replaces them.
    const bool continues = page.next && !page.deliveries.isEmpty() && !deliveries_.isEmpty() &&
                           deliveries_.first().eventId >= oldest;
    if (!continues) {
        deliveries_ = page.deliveries;
        next_ = page.next;
    } else {
        // Those of events before the page's oldest; an event's deliveries are never split
        // across pages, so none is listed twice. The cursor past them still holds.
        QList<Delivery> kept;
        for (const auto& delivery : deliveries_)
            if (delivery.eventId < oldest)
                kept.append(delivery);
        if (kept.isEmpty())
            next_ = page.next;
        deliveries_ = page.deliveries + kept;
    }
    endResetModel();
}

void DeliveriesModel::appendOlder(const OutboxPage& page) {
    next_ = page.next;
    if (page.deliveries.isEmpty())
        return;
    const int first = int(deliveries_.size());
    beginInsertRows({}, first, first + int(page.deliveries.size()) - 1);
    deliveries_.append(page.deliveries);
    endInsertRows();
}

void DeliveriesModel::clear() {
    beginResetModel();
    deliveries_.clear();
    next_.reset();
    endResetModel();
}

int DeliveriesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(deliveries_.size());
}

int DeliveriesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeliveriesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= deliveries_.size())
        return {};
    const Delivery& delivery = deliveries_[index.row()];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (Column(index.column())) {
        case EventId:
            return QString::number(delivery.eventId);
        case Type:
            return delivery.type;
        case OrderId:
            return delivery.orderId;
        case Target:
            return delivery.target;
        case State:
            return delivery.state;
        case Attempts:
            return QString::number(delivery.attempts);
        case NextAttempt:
            return localTime(delivery.nextAttemptAt);
        case LastError:
            return delivery.lastError;
        case SentAt:
            return localTime(delivery.sentAt);
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == Qt::ForegroundRole && index.column() == State) {
        if (delivery.state == QLatin1String("failed"))
            return QColor(0xc6, 0x28, 0x28);
        if (delivery.state == QLatin1String("sent"))
            return QColor(0x2e, 0x7d, 0x32);
    }
    if (role == Qt::TextAlignmentRole && (index.column() == EventId || index.column() == Attempts))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant DeliveriesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case EventId:
        return tr("Event");
    case Type:
        return tr("Type");
    case OrderId:
        return tr("Order");
    case Target:
        return tr("Target");
    case State:
        return tr("State");
    case Attempts:
        return tr("Tries");
    case NextAttempt:
        return tr("Next try");
    case LastError:
        return tr("Last error");
    case SentAt:
        return tr("Sent at");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace topcoat::ui
