#include "LogView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

// spdlog's level names, least to most severe.
const QStringList levels{QStringLiteral("trace"), QStringLiteral("debug"),
                         QStringLiteral("info"),  QStringLiteral("warning"),
                         QStringLiteral("error"), QStringLiteral("critical")};

int rankOf(const QString& level) {
    const auto rank = levels.indexOf(level);
    return rank < 0 ? levels.indexOf(QStringLiteral("info")) : static_cast<int>(rank);
}

} // namespace

int LogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

int LogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    const auto& entry = entries_.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time:
            return entry.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        case Level:
            return entry.level;
        case Logger:
            return entry.logger;
        case Message:
            return entry.message;
        }
    }
    if (role == Qt::ForegroundRole && rankOf(entry.level) >= rankOf(QStringLiteral("warning")))
        return QColor(rankOf(entry.level) >= rankOf(QStringLiteral("error")) ? 0xc62828 : 0xef6c00);
    if (role == Qt::UserRole) // the level's rank, for filtering
        return rankOf(entry.level);
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Level:
        return tr("Level");
    case Logger:
        return tr("Logger");
    case Message:
        return tr("Message");
    }
    return {};
}

void LogModel::append(const QList<LogEntry>& entries) {
    QList<LogEntry> fresh;
    for (const auto& entry : entries)
        if (entry.id > lastId()) // a repeated page must not duplicate lines
            fresh.push_back(entry);
    if (fresh.isEmpty())
        return;
    if (fresh.size() > capacity)
        fresh.remove(0, fresh.size() - capacity); // only the newest can stay
    const auto overflow = static_cast<int>(entries_.size() + fresh.size()) - capacity;
    if (overflow > 0) {
        const int dropped = std::min(overflow, static_cast<int>(entries_.size()));
        if (dropped > 0) {
            beginRemoveRows({}, 0, dropped - 1);
            entries_.remove(0, dropped);
            endRemoveRows();
        }
    }
    const auto first = static_cast<int>(entries_.size());
    beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
    entries_.append(fresh);
    endInsertRows();
}

void LogFilter::setMinimumLevel(const QString& level) {
    minimumRank_ = rankOf(level);
    invalidateFilter();
}

void LogFilter::setLogger(const QString& logger) {
    logger_ = logger;
    invalidateFilter();
}

bool LogFilter::filterAcceptsRow(int row, const QModelIndex& parent) const {
    const auto level = sourceModel()->index(row, LogModel::Level, parent);
    const auto logger = sourceModel()->index(row, LogModel::Logger, parent);
    return level.data(Qt::UserRole).toInt() >= minimumRank_ &&
           (logger_.isEmpty() || logger.data().toString() == logger_);
}

LogView::LogView(ConsoleSession& session, QWidget* parent)
    : QWidget(parent), client_(session.client()), level_(new QComboBox(this)),
      logger_(new QComboBox(this)), table_(new QTableView(this)) {
    level_->addItems(levels);
    level_->setCurrentText(QStringLiteral("info"));
    level_->setAccessibleName(tr("Minimum level"));
    logger_->addItem(tr("all loggers"), QString());
    for (const auto* name : {"http", "checkout", "db", "admin", "app"})
        logger_->addItem(QString::fromLatin1(name), QString::fromLatin1(name));
    logger_->setAccessibleName(tr("Logger"));

    filter_.setSourceModel(&model_);
    table_->setModel(&filter_);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setWordWrap(false);

    auto* filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Level at least:"), this));
    filters->addWidget(level_);
    filters->addWidget(new QLabel(tr("Logger:"), this));
    filters->addWidget(logger_);
    filters->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(table_, 1);

    connect(level_, &QComboBox::currentTextChanged, &filter_, &LogFilter::setMinimumLevel);
    connect(logger_, &QComboBox::currentIndexChanged, this,
            [this] { filter_.setLogger(logger_->currentData().toString()); });
    filter_.setMinimumLevel(level_->currentText());
    connect(&session, &ConsoleSession::logsDue, this, &LogView::onPoll);
    onPoll();
}

void LogView::onPoll() {
    if (pending_)
        return;
    pending_ = true;
    client_.logs(model_.lastId(), 1000, this, [this](const ApiResult<LogPage>& result) {
        pending_ = false;
        if (!result.ok() || result.value->entries.isEmpty())
            return;
        // Follow the newest line only if the owner has not scrolled up to read.
        auto* bar = table_->verticalScrollBar();
        const bool atBottom = bar->value() == bar->maximum();
        const auto before = model_.rowCount();
        model_.append(result.value->entries);
        if (atBottom)
            table_->scrollToBottom();
        emit linesArrived(model_.rowCount() - before);
    });
}

} // namespace topcoat::ui
