-- The owner's settings that outlive a restart (flash-sale protection), one JSON document each.
CREATE TABLE settings (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
