-- Products the owner has taken out of the storefront, and since when. The product row itself
-- stays as it was: orders and stock movements refer to it, and unarchiving deletes the row here.
CREATE TABLE archived_products (
    sku         TEXT PRIMARY KEY NOT NULL REFERENCES products (sku),
    archived_at TEXT NOT NULL
);
