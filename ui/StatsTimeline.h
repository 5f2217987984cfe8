#pragma once

// The dashboard's memory of a storefront: the last 15 minutes of per-second samples merged from
// successive GET /admin/stats replies, and each product's stock invariant
// (sold + reserved + available == stocked) with a sticky flag once it has broken.

#include "ApiTypes.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>
#include <span>

namespace topcoat::ui {

// One product's stock as last reported, and whether its invariant has been seen broken.
struct ProductHealth {
    ProductStock stock;
    // Set by the first reply whose sums do not match; stays set until acknowledged.
    std::optional<QDateTime> brokenAt;
    // The counters in the reply that showed the break.
    ProductStock atBreak;

    bool broken() const { return brokenAt.has_value(); }
    bool balanced() const { return balanced(stock); }
    static bool balanced(const ProductStock& s) {
        return s.sold + s.reserved + s.available == s.stocked;
    }
    // Units sold of those ever stocked, 0..1 (0 when nothing was stocked).
    double sellThrough() const {
        return stock.stocked > 0 ? double(stock.sold) / double(stock.stocked) : 0.0;
    }
};

class StatsTimeline {
public:
    static constexpr qint64 keptMs = 15 * 60 * 1000;
    static constexpr qsizetype maxSamples = 15 * 60;

    // Each product's counters in a reply are one consistent snapshot (server/API.md), so a
    // reply whose sums do not match is a real break, flagged at once.
    StatsTimeline() = default;

    // Adds the reply's series (a sample with an `at` already held replaces it), drops samples
    // older than 15 minutes before the newest, and checks every product's invariant.
    void merge(const Stats& stats);
    // Forgets samples, products and flags (e.g. another server, or its clock went back).
    void clear();

    // Oldest first, at most 15 minutes and 900 samples.
    const QList<StatsSample>& samples() const { return samples_; }
    bool isEmpty() const { return samples_.isEmpty(); }
    std::optional<QDateTime> oldest() const;
    std::optional<QDateTime> newest() const;
    // The `since` for the next poll: the newest sample's Unix ms, 0 when there is none.
    qint64 sinceMs() const;
    // Samples in [from, to] plus one either side, so plotted lines run to the chart's edges.
    std::span<const StatsSample> covering(const QDateTime& from, const QDateTime& to) const;

    // The latest reply (totals since start, its time); default-constructed before the first.
    const Stats& latest() const { return latest_; }
    // Every product seen, in the order of the latest reply.
    const QList<ProductHealth>& products() const { return products_; }
    const ProductHealth* product(const QString& sku) const;
    int brokenCount() const;

    // The owner has seen the break: clear the flag (it is raised again if the break persists).
    void acknowledge(const QString& sku);
    void acknowledgeAll();

private:
    void mergeSample(const StatsSample& sample);
    void trim();
    void checkProducts(const Stats& stats);

    QList<StatsSample> samples_;
    Stats latest_;
    QList<ProductHealth> products_;
};

} // namespace topcoat::ui
