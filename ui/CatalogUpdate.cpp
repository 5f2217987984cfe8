#include "CatalogUpdate.h"

#include "CatalogCsv.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace topcoat::ui {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("CatalogUpdate", text);
}

} // namespace

CatalogUpdate updateFor(const ProductDraft& row, const Product& current) {
    CatalogUpdate update;
    if (row.name != current.name)
        update.fields.name = row.name;
    // Shades compare without case: the file may write #9B111E for the shop's #9b111e.
    if (row.shadeHex.compare(current.shadeHex, Qt::CaseInsensitive) != 0)
        update.fields.shadeHex = row.shadeHex;
    if (row.priceCents != current.priceCents)
        update.fields.priceCents = row.priceCents;
    update.stockDelta = row.stock - current.stock;
    return update;
}

QString describeUpdate(const CatalogUpdate& update, const Product& current) {
    const QLocale locale;
    QStringList parts;
    if (update.fields.name)
        parts << tr("name “%1” → “%2”").arg(current.name, *update.fields.name);
    if (update.fields.shadeHex)
        parts << tr("shade %1 → %2").arg(current.shadeHex, *update.fields.shadeHex);
    if (update.fields.priceCents)
        parts << tr("price %1 → %2")
                     .arg(formatPrice(current.priceCents), formatPrice(*update.fields.priceCents));
    if (update.stockDelta != 0) {
        const auto from = locale.toString(current.stock);
        const auto to = locale.toString(current.stock + update.stockDelta);
        const auto by = locale.toString(qAbs(update.stockDelta));
        parts << (update.stockDelta > 0 ? tr("stock %1 → %2 available (%3 restocked)")
                                        : tr("stock %1 → %2 available (%3 written off)"))
                     .arg(from, to, by);
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace topcoat::ui
