-- Products and every change to their stock. Stock is never stored as a number that is
-- overwritten: it is the sum of movements minus the units in orders, so it can be rebuilt.
CREATE TABLE products (
    sku         TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    shade_hex   TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE stock_movements (
    id         INTEGER PRIMARY KEY,
    sku        TEXT NOT NULL REFERENCES products (sku),
    delta      INTEGER NOT NULL,
    reason     TEXT NOT NULL CHECK (reason IN ('initial', 'restock', 'write_off')),
    created_at TEXT NOT NULL
);

CREATE INDEX stock_movements_by_sku ON stock_movements (sku);
