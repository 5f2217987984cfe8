-- Flash sales, and the orders customers were told are confirmed.
CREATE TABLE sales (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL,
    starts_at          TEXT NOT NULL,
    ends_at            TEXT NOT NULL,
    per_customer_limit INTEGER NOT NULL CHECK (per_customer_limit >= 1),
    cancelled_at       TEXT,
    created_at         TEXT NOT NULL
);

CREATE TABLE sale_items (
    sale_id          INTEGER NOT NULL REFERENCES sales (id),
    sku              TEXT NOT NULL REFERENCES products (sku),
    sale_price_cents INTEGER NOT NULL CHECK (sale_price_cents >= 0),
    PRIMARY KEY (sale_id, sku)
);

-- seq is the paging cursor; order_id is what customers see. Order ids begin with their time,
-- so the order_id index grows at its end. No other index: each one would add a page write per
-- order to every group commit, and the start-up rebuild reads the table once in full anyway.
CREATE TABLE orders (
    seq              INTEGER PRIMARY KEY,
    order_id         TEXT NOT NULL UNIQUE,
    sku              TEXT NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL,
    total_cents      INTEGER NOT NULL,
    customer         TEXT NOT NULL,
    sale_id          INTEGER,
    created_at       TEXT NOT NULL
);

CREATE TABLE idempotency_keys (
    key      TEXT PRIMARY KEY NOT NULL,
    order_id TEXT NOT NULL REFERENCES orders (order_id)
);
