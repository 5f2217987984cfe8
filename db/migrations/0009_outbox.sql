-- Order events for the world outside (webhooks, e-mail), written in the transaction of the
-- change they tell of and sent later by the outbox's sender, at least once. An event's id is
-- what a receiver de-duplicates on.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    type       TEXT NOT NULL,
    order_id   TEXT NOT NULL,
    at         TEXT NOT NULL,
    fanned_out INTEGER NOT NULL DEFAULT 0
);

-- An event's delivery to one target ("webhook:ID" or "email"): pending until sent, failed when
-- it gave up (the console can send it again).
CREATE TABLE outbox_deliveries (
    event_id        INTEGER NOT NULL REFERENCES outbox (id),
    target          TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT NOT NULL,
    sent_at         TEXT,
    PRIMARY KEY (event_id, target)
);

CREATE INDEX outbox_deliveries_due ON outbox_deliveries (state, next_attempt_at);

-- URLs the owner registered for order events; `events` is a comma-separated list of types.
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    removed_at TEXT
);

-- Which storefront sends the outbox, when several share the database: the holder renews its
-- lease; another takes over once it has run out.
CREATE TABLE outbox_lease (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    holder TEXT NOT NULL,
    until  INTEGER NOT NULL
);

INSERT INTO outbox_lease (id, holder, until) VALUES (1, '', 0);
