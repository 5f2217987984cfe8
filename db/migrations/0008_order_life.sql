-- An order's life after checkout: its status, whether its units went back to stock (then they
-- no longer count as sold), and every move with its time and who made it.
ALTER TABLE orders ADD COLUMN status TEXT NOT NULL DEFAULT 'confirmed';
ALTER TABLE orders ADD COLUMN units_returned INTEGER NOT NULL DEFAULT 0;

CREATE TABLE order_events (
    id             INTEGER PRIMARY KEY,
    order_id       TEXT NOT NULL REFERENCES orders (order_id),
    status         TEXT NOT NULL,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    note           TEXT NOT NULL,
    units_returned INTEGER NOT NULL
);

CREATE INDEX order_events_by_order ON order_events (order_id, id);
