-- Where an order is sent, when the checkout gave an address; all NULL when it gave none.
ALTER TABLE orders ADD COLUMN ship_name TEXT;
ALTER TABLE orders ADD COLUMN ship_line1 TEXT;
ALTER TABLE orders ADD COLUMN ship_line2 TEXT;
ALTER TABLE orders ADD COLUMN ship_city TEXT;
ALTER TABLE orders ADD COLUMN ship_postal_code TEXT;
ALTER TABLE orders ADD COLUMN ship_country TEXT;
