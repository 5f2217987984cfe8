-- Customer reviews shown on a product's detail (a feature that can be switched off under load).
CREATE TABLE reviews (
    id         INTEGER PRIMARY KEY,
    sku        TEXT NOT NULL REFERENCES products (sku),
    author     TEXT NOT NULL,
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX reviews_by_sku ON reviews (sku);
