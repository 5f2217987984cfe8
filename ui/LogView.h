#pragma once

// The Logs screen: the storefront's log lines as they happen, fetched incrementally ("every
// line after id N") on the console session's beat, filterable by level and logger.

#include "ConsoleSession.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;

namespace topcoat::ui {

class LogModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Time, Level, Logger, Message, ColumnCount };
    static constexpr int capacity = 5000; // the server keeps as many

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void append(const QList<LogEntry>& entries);
    qint64 lastId() const { return entries_.isEmpty() ? 0 : entries_.last().id; }

private:
    QList<LogEntry> entries_;
};

// Keeps rows at or above a level and, optionally, of one logger.
class LogFilter : public QSortFilterProxyModel {
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setMinimumLevel(const QString& level);
    void setLogger(const QString& logger); // "" for all

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    int minimumRank_ = 0;
    QString logger_;
};

class LogView : public QWidget {
    Q_OBJECT

public:
    explicit LogView(ConsoleSession& session, QWidget* parent = nullptr);

    const LogModel& model() const { return model_; }
    const LogFilter& filter() const { return filter_; }

signals:
    void linesArrived(int count);

private:
    void onPoll();

    AdminClient& client_;
    LogModel model_;
    LogFilter filter_;
    QComboBox* level_;
    QComboBox* logger_;
    QTableView* table_;
    bool pending_ = false;
};

} // namespace topcoat::ui
