-- The events whose deliveries are not planned yet, found without reading the whole outbox: the
-- sender asks for them on every pass, and a drop leaves tens of thousands behind it.
CREATE INDEX outbox_new_events ON outbox (id) WHERE fanned_out = 0;
