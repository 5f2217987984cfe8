-- A counter that every change to the catalog, sales or settings moves forward, in the change's
-- own transaction: storefronts sharing one database notice another's change with one small read
-- instead of reloading the shop on a timer.
CREATE TABLE shop_changes (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);

INSERT INTO shop_changes (id, seq) VALUES (1, 0);
