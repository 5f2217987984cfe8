#pragma once

// The demo shop: two dozen nail-polish shades, a few reviews, and a flash sale that opens a
// few minutes after seeding, so a new owner sees the whole flow without typing anything.

#include "db/Store.h"
#include "server/core/Catalog.h"
#include "server/core/Clock.h"
#include "server/core/ShopAdmin.h"

namespace topcoat {

// Seeds only an empty catalog; returns false (and changes nothing) otherwise.
bool seedDemoShop(ShopAdmin& admin, Catalog& catalog, db::Store& store, const Clock& clock);

} // namespace topcoat
