#pragma once

// Sales drawn as bars on a time axis, one lane each, coloured by state, with a marker at the
// current time: the schedule at a glance, next to the table that holds the details.

#include "ApiTypes.h"

#include <QTimer>
#include <QWidget>
#include <functional>
#include <optional>

namespace topcoat::ui {

class SaleTimeline : public QWidget {
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;

    // `clock` gives the current UTC time (tests inject their own; default: the system clock).
    explicit SaleTimeline(QWidget* parent = nullptr, Clock clock = {});

    void setSales(const QList<Sale>& sales);
    // The sale drawn highlighted (the table's selection), or none.
    void setSelectedSale(std::optional<qint64> id);
    const QList<Sale>& sales() const { return sales_; }
    // The span the axis covers, UTC: every sale plus the present, with a margin.
    std::pair<QDateTime, QDateTime> span() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    // A bar was clicked.
    void saleClicked(qint64 id);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QRectF plotArea() const;
    double xFor(const QDateTime& at, const QRectF& plot, qint64 from, qint64 to) const;
    void drawAxis(QPainter& painter, const QRectF& plot, qint64 from, qint64 to) const;
    QList<Sale> ordered() const;

    Clock clock_;
    QList<Sale> sales_;
    std::optional<qint64> selected_;
    QList<std::pair<QRectF, qint64>> bars_; // as last painted, for clicks
    QTimer repaint_;
};

} // namespace topcoat::ui
