-- Why units were written off, when the owner said: one row per write-off movement that has a
-- reason. A table beside stock_movements, so movements written before (or without) a reason
-- stay as they are.
CREATE TABLE write_off_reasons (
    movement_id INTEGER PRIMARY KEY NOT NULL REFERENCES stock_movements (id),
    reason      TEXT NOT NULL CHECK (reason IN ('damaged', 'lost', 'expired', 'other')),
    note        TEXT
);
