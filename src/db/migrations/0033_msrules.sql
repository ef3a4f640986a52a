ALTER TABLE "mini_site_links" ADD COLUMN "ended_side" text;--> statement-breakpoint
CREATE INDEX "mini_site_gift_requests_created_idx" ON "mini_site_gift_requests" USING btree ("created_at");--> statement-breakpoint
UPDATE "mini_site_links" SET "ended_side" = 'store' WHERE "state" = 'cancelled';--> statement-breakpoint
UPDATE "mini_site_links" l SET "ended_side" = CASE WHEN EXISTS (SELECT 1 FROM "mini_site_owners" o WHERE o."mini_site_id" = l."mini_site_id" AND o."user_id" = l."ended_by") THEN 'mini_site' ELSE 'store' END WHERE "state" = 'unlinked';
