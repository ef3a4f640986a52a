-- The lots' partial indexes on a generated flag (live = remaining > 0) instead of on remaining: a spend that leaves
-- points in a lot changes no indexed value, so PostgreSQL makes it a HOT update (no index entries written). A HOT
-- update needs room on the row's page: lots are written once (earned) and then spent, so each page keeps 20 % free
-- (fillfactor 80; not in the Drizzle schema, which has no table storage options).
DROP INDEX "point_lots_member_idx";--> statement-breakpoint
DROP INDEX "point_lots_due_idx";--> statement-breakpoint
ALTER TABLE "point_lots" ADD COLUMN "live" boolean GENERATED ALWAYS AS (remaining > 0) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "point_lots_member_idx" ON "point_lots" USING btree ("store_id","buyer_id","expires_at") WHERE "point_lots"."live";--> statement-breakpoint
CREATE INDEX "point_lots_due_idx" ON "point_lots" USING btree ("expires_at") WHERE "point_lots"."live";--> statement-breakpoint
ALTER TABLE "point_lots" SET (fillfactor = 80);
