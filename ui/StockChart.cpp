#include "StockChart.h"

#include "ChartStyle.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QLocale>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>

namespace topcoat::ui {
namespace {

QBarSet* makeSet(const QString& name, const QColor& color) {
    auto* set = new QBarSet(name);
    set->setColor(color);
    set->setBorderColor(color.darker(115));
    return set;
}

QString productLabel(const ProductHealth& product) {
    return QStringLiteral("%1 · %2").arg(product.stock.sku,
                                         chartstyle::percent(product.sellThrough()));
}

} // namespace

StockChart::StockChart(QWidget* parent)
    : QChartView(parent), series_(new QStackedBarSeries),
      sold_(makeSet(tr("Sold"), QColor(0x19, 0x71, 0xc2))),
      reserved_(makeSet(tr("Reserved"), QColor(0xfa, 0xb0, 0x05))),
      available_(makeSet(tr("Available"), QColor(0xc5, 0xd5, 0xe6))),
      productAxis_(new QBarCategoryAxis), unitAxis_(new QValueAxis) {
    series_->append({sold_, reserved_, available_});
    series_->setBarWidth(0.75);

    auto* chart = new QChart;
    chartstyle::styleChart(*chart, tr("Stock per product"));
    chart->addSeries(series_);
    chartstyle::styleAxis(*productAxis_, 7);
    chartstyle::styleAxis(*unitAxis_);
    productAxis_->setGridLineVisible(false);
    // Two dozen SKUs with their sell-through only fit side by side when standing up.
    productAxis_->setLabelsAngle(-90);
    chart->addAxis(productAxis_, Qt::AlignBottom);
    chart->addAxis(unitAxis_, Qt::AlignLeft);
    series_->attachAxis(productAxis_);
    series_->attachAxis(unitAxis_);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(400, 150);

    connect(series_, &QStackedBarSeries::hovered, this, &StockChart::onBarHovered);
}

void StockChart::plot(const QList<ProductHealth>& products) {
    QStringList skus;
    QStringList labels;
    for (const auto& product : products) {
        skus.append(product.stock.sku);
        labels.append(productLabel(product));
    }
    // Changing bars in place keeps the chart from rebuilding every item each second.
    if (skus != skus_) {
        for (auto* set : {sold_, reserved_, available_})
            set->remove(0, set->count());
        for (int i = 0; i < products.size(); ++i)
            for (auto* set : {sold_, reserved_, available_})
                set->append(0);
        skus_ = skus;
    }
    qint64 tallest = 0;
    qint64 sold = 0;
    qint64 stocked = 0;
    for (int i = 0; i < products.size(); ++i) {
        const auto& stock = products.at(i).stock;
        sold_->replace(i, double(stock.sold));
        reserved_->replace(i, double(stock.reserved));
        available_->replace(i, double(stock.available));
        tallest = std::max(tallest, stock.sold + stock.reserved + stock.available);
        sold += stock.sold;
        stocked += stock.stocked;
    }
    if (productAxis_->categories() != labels) {
        productAxis_->clear();
        productAxis_->append(labels);
    }
    chartstyle::scaleFromZero(*unitAxis_, double(tallest));
    chart()->setTitle(
        tr("Stock per product  ·  %1 of %2 units sold (%3)")
            .arg(QLocale().toString(sold), QLocale().toString(stocked),
                 chartstyle::percent(stocked > 0 ? double(sold) / double(stocked) : 0.0)));
    shown_ = products;
}

qint64 StockChart::soldOf(const QString& sku) const {
    const auto index = skus_.indexOf(sku);
    return index < 0 ? -1 : qint64(sold_->at(index));
}

qint64 StockChart::availableOf(const QString& sku) const {
    const auto index = skus_.indexOf(sku);
    return index < 0 ? -1 : qint64(available_->at(index));
}

QString StockChart::labelOf(const QString& sku) const {
    const auto index = skus_.indexOf(sku);
    return index < 0 ? QString() : productAxis_->at(index);
}

void StockChart::onBarHovered(bool entered, int index, QBarSet*) {
    if (!entered || index < 0 || index >= shown_.size()) {
        QToolTip::hideText();
        return;
    }
    const auto& product = shown_.at(index);
    const auto& s = product.stock;
    QToolTip::showText(QCursor::pos(),
                       tr("%1: %2 sold, %3 reserved, %4 available of %5 stocked (%6 sold)")
                           .arg(s.sku)
                           .arg(s.sold)
                           .arg(s.reserved)
                           .arg(s.available)
                           .arg(s.stocked)
                           .arg(chartstyle::percent(product.sellThrough())));
}

} // namespace topcoat::ui
