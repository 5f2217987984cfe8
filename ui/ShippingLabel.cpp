#include "ShippingLabel.h"

#include <QStringList>

namespace topcoat::ui {

QString shipToSummary(const std::optional<ShippingAddress>& address) {
    if (!address)
        return {};
    return QStringList{address->name, address->city, address->country}.join(QStringLiteral(", "));
}

QString shippingLabel(const ShippingAddress& address) {
    // Postal code before the city, as most of the shops' countries write it; the carrier's form
    // takes the fields apart anyway.
    const auto place = QStringList{address.postalCode, address.city};
    QStringList lines{address.name, address.line1, address.line2,
                      place.join(QLatin1Char(' ')).trimmed(), address.country};
    lines.removeAll(QString());
    return lines.join(QLatin1Char('\n'));
}

} // namespace topcoat::ui
