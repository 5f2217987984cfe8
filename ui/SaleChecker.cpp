#include "SaleChecker.h"

#include "SalesModel.h"

#include <QRegularExpression>

namespace topcoat::ui {
namespace {

constexpr int maxItems = 200; // server/API.md field rules
constexpr int maxNameBytes = 120;
// How the server's messages start when a field is wrong ("ends_at must be after starts_at").
const std::pair<QLatin1String, SaleField> fieldNames[] = {
    {QLatin1String("name"), SaleField::Name},
    {QLatin1String("starts_at"), SaleField::Starts},
    {QLatin1String("ends_at"), SaleField::Ends},
    {QLatin1String("per_customer_limit"), SaleField::Limit}};

} // namespace

std::optional<Product> SaleChecker::product(const QString& sku) const {
    for (const auto& product : products_)
        if (product.sku == sku)
            return product;
    return std::nullopt;
}

QList<Sale> SaleChecker::otherSales() const {
    QList<Sale> others;
    for (const auto& sale : knownSales_)
        if (sale.id != editedId_)
            others.append(sale);
    return others;
}

SaleProblems SaleChecker::check(const SaleDraft& draft) const {
    SaleProblems problems;
    auto& messages = problems.messages;
    if (draft.name.isEmpty())
        messages[SaleField::Name] = tr("Give the sale a name.");
    else if (draft.name.toUtf8().size() > maxNameBytes)
        messages[SaleField::Name] =
            tr("At most %1 bytes (this is %2).").arg(maxNameBytes).arg(draft.name.toUtf8().size());
    if (draft.endsAt <= draft.startsAt)
        messages[SaleField::Ends] = tr("The sale must end after it starts.");
    else if (draft.endsAt <= QDateTime::currentDateTimeUtc())
        messages[SaleField::Ends] = tr("The end is in the past.");
    if (draft.perCustomerLimit < 1)
        messages[SaleField::Limit] = tr("At least 1.");

    QStringList itemProblems;
    QSet<QString> seen;
    for (const auto& item : draft.items) {
        const auto known = product(item.sku);
        const bool twice = seen.contains(item.sku);
        seen.insert(item.sku);
        if (twice)
            itemProblems << tr("%1 is listed twice.").arg(item.sku);
        else if (!products_.isEmpty() && !known)
            itemProblems << tr("%1 is not in the catalog.").arg(item.sku);
        else if (known && item.salePriceCents >= known->priceCents)
            itemProblems << tr("%1: the sale price must be below the regular %2.")
                                .arg(item.sku, formatCents(known->priceCents));
        else
            continue;
        problems.skus.insert(item.sku);
    }
    if (draft.items.isEmpty())
        itemProblems << tr("Add at least one item.");
    if (draft.items.size() > maxItems)
        itemProblems << tr("At most %1 items.").arg(maxItems);
    if (!itemProblems.isEmpty()) {
        messages[SaleField::Items] = itemProblems.join(QLatin1Char('\n'));
        return problems;
    }
    // The server refuses a SKU in two sales at once; saying which sale first saves a trip.
    QSet<QString> shared;
    const auto clash = overlappingSale(otherSales(), draft, shared);
    if (clash && !messages.contains(SaleField::Ends)) {
        auto skus = shared.values();
        skus.sort();
        messages[SaleField::Items] = tr("%1 already on sale at that time in “%2” (sale %3); change "
                                        "the times or items, or cancel that sale first.")
                                         .arg(skus.join(QStringLiteral(", ")), clash->name)
                                         .arg(clash->id);
        problems.skus = shared;
    }
    return problems;
}

// The server names the field first ("ends_at must…") or the SKU; either places the message.
SaleProblems SaleChecker::placeServerError(const ApiError& error, const SaleDraft& sent) const {
    QString message = error.message.isEmpty() ? error.code : error.message;
    message[0] = message[0].toUpper();
    // The server speaks RFC 3339 UTC; the form shows local minutes.
    static const QRegularExpression utc(QStringLiteral("\\d{4}-\\d\\d-\\d\\dT[\\d:]{8}Z"));
    for (auto found = utc.match(message); found.hasMatch(); found = utc.match(message))
        message.replace(found.captured(), QDateTime::fromString(found.captured(), Qt::ISODate)
                                              .toLocalTime()
                                              .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    SaleField field = SaleField::General;
    for (const auto& [prefix, named] : fieldNames)
        if (error.message.startsWith(prefix))
            field = named;
    SaleProblems problems;
    for (const auto& item : sent.items)
        if (error.message.contains(QRegularExpression(
                QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(item.sku)))))
            problems.skus.insert(item.sku);
    if (error.code == QLatin1String("sale_overlap")) {
        // The server names the sale, not the SKUs; ours knows them if it knows that sale.
        overlappingSale(otherSales(), sent, problems.skus);
        message += tr(". Change the times or items, or cancel that sale first.");
    }
    if (error.code == QLatin1String("sale_not_editable")) {
        // It started (or was cancelled) while the form was open: no field can fix that.
        message += tr(". Close this form; to change it now, duplicate it instead.");
    } else if (error.code == QLatin1String("sale_overlap") ||
               error.code == QLatin1String("unknown_sku") || !problems.skus.isEmpty() ||
               error.message.contains(QLatin1String("item"))) {
        field = SaleField::Items;
    }
    if (error.status == 0)
        message = tr("The server could not be reached: %1").arg(message);
    problems.messages[field] = message;
    if (field != SaleField::Items)
        problems.skus.clear();
    return problems;
}

} // namespace topcoat::ui
