#include "StatsTimeline.h"

#include <algorithm>

namespace topcoat::ui {
namespace {

bool earlier(const StatsSample& sample, const QDateTime& at) {
    return sample.at < at;
}

bool later(const QDateTime& at, const StatsSample& sample) {
    return at < sample.at;
}

} // namespace

void StatsTimeline::merge(const Stats& stats) {
    latest_ = stats;
    latest_.series.clear(); // held in samples_ already; no need to keep a second copy
    for (const auto& sample : stats.series)
        mergeSample(sample);
    trim();
    checkProducts(stats);
}

void StatsTimeline::mergeSample(const StatsSample& sample) {
    if (!sample.at.isValid())
        return;
    // Replies normally bring only newer samples, so appending is the common case.
    if (samples_.isEmpty() || samples_.last().at < sample.at) {
        samples_.append(sample);
        return;
    }
    const auto at = std::lower_bound(samples_.begin(), samples_.end(), sample.at, earlier);
    if (at != samples_.end() && at->at == sample.at)
        *at = sample;
    else
        samples_.insert(at, sample);
}

void StatsTimeline::trim() {
    if (samples_.isEmpty())
        return;
    const auto cutoff = samples_.last().at.addMSecs(-keptMs);
    const auto firstKept = std::upper_bound(samples_.cbegin(), samples_.cend(), cutoff, later);
    auto drop = std::max(firstKept - samples_.cbegin(), samples_.size() - maxSamples);
    if (drop > 0)
        samples_.remove(0, drop);
}

void StatsTimeline::checkProducts(const Stats& stats) {
    QList<ProductHealth> next;
    next.reserve(stats.products.size());
    for (const auto& stock : stats.products) {
        const auto known = std::find_if(products_.cbegin(), products_.cend(),
                                        [&](const auto& p) { return p.stock.sku == stock.sku; });
        ProductHealth health = known != products_.cend() ? *known : ProductHealth{};
        health.stock = stock;
        if (!health.broken() && !ProductHealth::balanced(stock)) {
            health.brokenAt = stats.time; // may be invalid if the reply had none; still broken
            health.atBreak = stock;
        }
        next.append(health);
    }
    // A product missing from this reply keeps its flag: a break must not vanish unseen.
    for (const auto& old : products_) {
        const bool listed = std::any_of(next.cbegin(), next.cend(), [&](const auto& p) {
            return p.stock.sku == old.stock.sku;
        });
        if (!listed && old.broken())
            next.append(old);
    }
    products_ = std::move(next);
}

void StatsTimeline::clear() {
    samples_.clear();
    products_.clear();
    latest_ = Stats{};
}

std::optional<QDateTime> StatsTimeline::oldest() const {
    if (samples_.isEmpty())
        return std::nullopt;
    return samples_.first().at;
}

std::optional<QDateTime> StatsTimeline::newest() const {
    if (samples_.isEmpty())
        return std::nullopt;
    return samples_.last().at;
}

qint64 StatsTimeline::sinceMs() const {
    return samples_.isEmpty() ? 0 : samples_.last().at.toMSecsSinceEpoch();
}

std::span<const StatsSample> StatsTimeline::covering(const QDateTime& from,
                                                     const QDateTime& to) const {
    auto first = std::lower_bound(samples_.cbegin(), samples_.cend(), from, earlier);
    auto last = std::upper_bound(samples_.cbegin(), samples_.cend(), to, later);
    if (first != samples_.cbegin())
        --first;
    if (last != samples_.cend())
        ++last;
    if (first >= last)
        return {};
    return {&*first, static_cast<std::size_t>(last - first)};
}

const ProductHealth* StatsTimeline::product(const QString& sku) const {
    for (const auto& health : products_)
        if (health.stock.sku == sku)
            return &health;
    return nullptr;
}

int StatsTimeline::brokenCount() const {
    return static_cast<int>(std::count_if(products_.cbegin(), products_.cend(),
                                          [](const auto& p) { return p.broken(); }));
}

void StatsTimeline::acknowledge(const QString& sku) {
    for (auto& health : products_) {
        if (health.stock.sku != sku)
            continue;
        health.brokenAt.reset();
    }
}

void StatsTimeline::acknowledgeAll() {
    for (auto& health : products_) {
        health.brokenAt.reset();
    }
}

} // namespace topcoat::ui
