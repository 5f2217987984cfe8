#pragma once

// The dashboard's stock bars: one stacked bar per product (sold, reserved, available, which
// add up to what was stocked), labelled with its sell-through.

#include "StatsTimeline.h"

#include <QChartView>
#include <QStringList>

class QBarCategoryAxis;
class QBarSet;
class QStackedBarSeries;
class QValueAxis;

namespace topcoat::ui {

class StockChart : public QChartView {
    Q_OBJECT

public:
    explicit StockChart(QWidget* parent = nullptr);

    void plot(const QList<ProductHealth>& products);

    // What the bars show for `sku` (-1 when it has no bar): for tests and tooltips.
    qint64 soldOf(const QString& sku) const;
    qint64 availableOf(const QString& sku) const;
    // The axis label under `sku`'s bar, which carries its sell-through.
    QString labelOf(const QString& sku) const;

private:
    void onBarHovered(bool entered, int index, QBarSet* set);

    QStackedBarSeries* series_;
    QBarSet* sold_;
    QBarSet* reserved_;
    QBarSet* available_;
    QBarCategoryAxis* productAxis_;
    QValueAxis* unitAxis_;
    QStringList skus_;
    QList<ProductHealth> shown_;
};

} // namespace topcoat::ui
