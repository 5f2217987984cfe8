#pragma once

// What importing one CSV row does to the product of the same SKU already in the shop: the fields
// that differ, and the stock. The file's stock means "this many available now": the difference
// from the units available is restocked or written off, so units already sold or reserved are
// never overwritten (the server refuses a write-off beyond what is available).

#include "ApiTypes.h"

#include <QString>

namespace topcoat::ui {

struct CatalogUpdate {
    ProductChange fields;  // only the fields that differ (name, shade, price)
    qint64 stockDelta = 0; // the file's stock minus the units available when compared

    bool changesFields() const { return fields.name || fields.shadeHex || fields.priceCents; }
    bool isEmpty() const { return !changesFields() && stockDelta == 0; }
};

CatalogUpdate updateFor(const ProductDraft& row, const Product& current);

// The changes in words, old → new: "name “Ruby” → “Ruby Red”; price 12.00 → 14.50; stock
// 120 → 100 available (20 written off)". "" for an empty update.
QString describeUpdate(const CatalogUpdate& update, const Product& current);

} // namespace topcoat::ui
