#pragma once

// A small live chart of the Protection screen: a few lines, each a value of every protection
// reading (the queue, refusals per second), over the last minutes, in the dashboard's style.

#include "ProtectionHistory.h"

#include <QChartView>
#include <QColor>
#include <QList>
#include <QString>
#include <functional>

class QCategoryAxis;
class QLineSeries;
class QValueAxis;

namespace topcoat::ui {

class ProtectionChart : public QChartView {
    Q_OBJECT

public:
    using Value = std::function<double(const ProtectionHistory::Point&)>;

    // `decimals` sets the value axis (0 for whole counts).
    ProtectionChart(const QString& title, int decimals, QWidget* parent = nullptr);

    void addLine(const QString& name, const QColor& color, Value value);
    // Replots every line from the readings between `from` and `to`.
    void plot(const ProtectionHistory& history, const QDateTime& from, const QDateTime& to);

    // For tests: the plotted line called `name`, or nullptr.
    const QLineSeries* line(const QString& name) const;

private:
    struct Line {
        QString name;
        Value value;
        QLineSeries* series = nullptr;
    };

    int decimals_;
    QList<Line> lines_;
    QCategoryAxis* timeAxis_;
    QValueAxis* valueAxis_;
};

} // namespace topcoat::ui
