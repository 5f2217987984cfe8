#include "SalesModel.h"

#include "AdminClient.h"
#include "ConsoleSession.h"

#include <QFont>
#include <QHash>
#include <QSet>
#include <QTimer>

namespace topcoat::ui {
namespace {

QString localTime(const QDateTime& at) {
    return at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

qint64 unitsSold(const Sale& sale) {
    qint64 total = 0;
    for (const auto& item : sale.items)
        total += item.sold;
    return total;
}

bool sameSale(const Sale& a, const Sale& b) {
    if (a.name != b.name || a.state != b.state || a.startsAt != b.startsAt ||
        a.endsAt != b.endsAt || a.perCustomerLimit != b.perCustomerLimit ||
        a.items.size() != b.items.size())
        return false;
    for (qsizetype i = 0; i < a.items.size(); ++i)
        if (a.items[i].sku != b.items[i].sku || a.items[i].sold != b.items[i].sold ||
            a.items[i].salePriceCents != b.items[i].salePriceCents)
            return false;
    return true;
}

} // namespace

QColor saleStateColor(const QString& state) {
    if (state == QLatin1String("live"))
        return QColor(0x2f, 0x9e, 0x44);
    if (state == QLatin1String("scheduled"))
        return QColor(0x1c, 0x7e, 0xd6);
    if (state == QLatin1String("cancelled"))
        return QColor(0xc9, 0x2a, 0x2a);
    return QColor(0x86, 0x8e, 0x96); // ended, or a state this console does not know yet
}

QString saleStateLabel(const QString& state) {
    if (state == QLatin1String("live"))
        return SalesModel::tr("Live");
    if (state == QLatin1String("scheduled"))
        return SalesModel::tr("Scheduled");
    if (state == QLatin1String("cancelled"))
        return SalesModel::tr("Cancelled");
    if (state == QLatin1String("ended"))
        return SalesModel::tr("Ended");
    return state;
}

QString formatCents(qint64 cents) {
    const auto sign = cents < 0 ? QStringLiteral("-") : QString();
    cents = std::abs(cents);
    return QStringLiteral("%1$%2.%3")
        .arg(sign)
        .arg(cents / 100)
        .arg(cents % 100, 2, 10, QChar('0'));
}

std::optional<Sale> overlappingSale(const QList<Sale>& sales, const SaleDraft& draft,
                                    QSet<QString>& shared) {
    for (const auto& sale : sales) {
        if (sale.state == QLatin1String("cancelled") || sale.state == QLatin1String("ended") ||
            sale.endsAt <= draft.startsAt || draft.endsAt <= sale.startsAt)
            continue;
        const auto before = shared.size();
        for (const auto& item : draft.items)
            for (const auto& other : sale.items)
                if (item.sku == other.sku)
                    shared.insert(item.sku);
        if (shared.size() > before)
            return sale;
    }
    return std::nullopt;
}

SalesModel::SalesModel(ConsoleSession& session, QObject* parent)
    : QAbstractTableModel(parent), client_(session.client()) {
    connect(&session, &ConsoleSession::salesDue, this, &SalesModel::onPollTick);
    // The first poll waits for the event loop, so whoever built us can point the client first.
    QTimer::singleShot(0, this, &SalesModel::onPollTick);
}

void SalesModel::refresh() {
    if (pending_)
        again_ = true;
    else
        onPollTick();
}

std::optional<Sale> SalesModel::sale(qint64 id) const {
    for (const auto& sale : sales_)
        if (sale.id == id)
            return sale;
    return std::nullopt;
}

void SalesModel::onPollTick() {
    // One call at a time: a slow server must not pile up requests from a timer.
    if (pending_)
        return;
    pending_ = true;
    client_.sales(this, [this](const ApiResult<QList<Sale>>& result) { onSalesReceived(result); });
}

void SalesModel::onSalesReceived(const ApiResult<QList<Sale>>& result) {
    pending_ = false;
    if (result.ok()) {
        loaded_ = true;
        merge(*result.value);
        emit salesUpdated();
    } else if (result.error) {
        emit refreshFailed(*result.error);
    }
    if (std::exchange(again_, false))
        onPollTick();
}

// Row by row rather than a reset, so the view keeps its selection and scroll position.
void SalesModel::merge(const QList<Sale>& fresh) {
    QHash<qint64, qsizetype> byId; // id -> index in `fresh`
    for (qsizetype i = 0; i < fresh.size(); ++i)
        byId.insert(fresh[i].id, i);

    for (int row = int(sales_.size()) - 1; row >= 0; --row) {
        if (byId.contains(sales_[row].id))
            continue;
        beginRemoveRows({}, row, row);
        sales_.removeAt(row);
        endRemoveRows();
    }
    QSet<qint64> known;
    for (int row = 0; row < sales_.size(); ++row) {
        const Sale& update = fresh[byId.value(sales_[row].id)];
        known.insert(update.id);
        if (sameSale(sales_[row], update))
            continue;
        sales_[row] = update;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    for (const auto& sale : fresh) {
        if (known.contains(sale.id))
            continue;
        const int row = int(sales_.size());
        beginInsertRows({}, row, row);
        sales_.append(sale);
        endInsertRows();
    }
}

int SalesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(sales_.size());
}

int SalesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SalesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= sales_.size())
        return {};
    const Sale& sale = sales_[index.row()];
    if (role == IdRole)
        return sale.id;
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool display = role == Qt::DisplayRole;
        switch (Column(index.column())) {
        case Name:
            return sale.name;
        case State:
            return display ? saleStateLabel(sale.state) : sale.state;
        case Starts:
            return display ? QVariant(localTime(sale.startsAt)) : QVariant(sale.startsAt);
        case Ends:
            return display ? QVariant(localTime(sale.endsAt)) : QVariant(sale.endsAt);
        case Limit:
            return sale.perCustomerLimit;
        case Items:
            return qint64(sale.items.size());
        case Sold:
            return unitsSold(sale);
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == Items) {
        QStringList lines;
        for (const auto& item : sale.items)
            lines << tr("%1 at %2 (%n sold)", nullptr, int(item.sold))
                         .arg(item.sku, formatCents(item.salePriceCents));
        return lines.join(QLatin1Char('\n'));
    }
    if (index.column() == State) {
        // A pale tint of the state's colour behind its darker text: readable in both roles.
        const QColor color = saleStateColor(sale.state);
        if (role == Qt::ForegroundRole)
            return color.darker(130);
        if (role == Qt::BackgroundRole) {
            QColor tint = color;
            tint.setAlpha(40);
            return tint;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Limit)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::FontRole && sale.state == QLatin1String("cancelled") &&
        index.column() == Name) {
        QFont font;
        font.setStrikeOut(true);
        return font;
    }
    return {};
}

QVariant SalesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Name:
        return tr("Name");
    case State:
        return tr("State");
    case Starts:
        return tr("Starts");
    case Ends:
        return tr("Ends");
    case Limit:
        return tr("Limit / customer");
    case Items:
        return tr("Items");
    case Sold:
        return tr("Sold");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace topcoat::ui
