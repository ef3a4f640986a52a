DROP INDEX "order_items_store_idx";--> statement-breakpoint
DROP INDEX "held_coupons_store_idx";--> statement-breakpoint
DROP INDEX "held_coupons_order_idx";--> statement-breakpoint
CREATE INDEX "held_coupons_order_idx" ON "held_coupons" USING btree ("order_id") WHERE "held_coupons"."order_id" is not null;