-- A SKU's stock is updated by every checkout of it (a HOT update: no indexed column changes). A HOT update needs room
-- for the new version on the row's page; a page packed full makes it an ordinary update that writes an entry in each
-- of the SKU's indexes. Pages keep 10 % free from now on (pages written before keep what they have until their rows
-- move; not in the Drizzle schema, which has no table storage options).
ALTER TABLE "skus" SET (fillfactor = 90);
--> statement-breakpoint
-- member_events by order only for the refunds' take-backs: the 'spent' event of each checkout with points writes no
-- entry in it.
DROP INDEX "member_events_order_idx";--> statement-breakpoint
CREATE INDEX "member_events_order_idx" ON "member_events" USING btree ("order_id") WHERE "member_events"."kind" = 'taken_back';
