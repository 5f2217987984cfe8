#pragma once

// An order's shipping address as the console writes it: one line for a table cell, and the
// lines of a parcel label that staff paste into their carrier's form.

#include "ApiTypes.h"

#include <QString>
#include <optional>

namespace topcoat::ui {

// "Ana Müller, Köln, DE"; "" for no address.
QString shipToSummary(const std::optional<ShippingAddress>& address);
// Name, street lines, postal code and city, country: one per line, empty lines left out.
QString shippingLabel(const ShippingAddress& address);

} // namespace topcoat::ui
