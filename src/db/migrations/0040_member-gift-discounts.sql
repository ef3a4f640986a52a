CREATE TABLE "point_spends" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_spends_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"order_id" uuid,
	"gift_id" uuid,
	"points" bigint NOT NULL,
	"returned" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "point_spends_points_check" CHECK ("point_spends"."points" > 0 and "point_spends"."returned" >= 0 and "point_spends"."returned" <= "point_spends"."points")
);
--> statement-breakpoint
ALTER TABLE "gifts" ADD COLUMN "discount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "gifts" ADD COLUMN "points_spent" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "held_coupons" ADD COLUMN "gift_id" uuid;--> statement-breakpoint
ALTER TABLE "member_events" ADD COLUMN "gift_id" uuid;--> statement-breakpoint
CREATE INDEX "point_spends_order_idx" ON "point_spends" USING btree ("order_id") WHERE "point_spends"."order_id" is not null;--> statement-breakpoint
CREATE INDEX "point_spends_gift_idx" ON "point_spends" USING btree ("gift_id") WHERE "point_spends"."gift_id" is not null;--> statement-breakpoint
CREATE INDEX "held_coupons_gift_idx" ON "held_coupons" USING btree ("gift_id") WHERE "held_coupons"."gift_id" is not null;