-- A SKU's stock is updated by every checkout of it (a HOT update: no indexed column changes). A HOT update needs room
-- for the new version on the row's page; a page packed full makes it an ordinary update that writes an entry in each
-- of the SKU's indexes. Pages keep 10 % free from now on (pages written before keep what they have until their rows
-- move; not in the Drizzle schema, which has no table storage options).
ALTER TABLE "skus" SET (fillfactor = 90);
