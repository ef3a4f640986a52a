ALTER TABLE "orders" DROP CONSTRAINT "orders_amounts_check";--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "member_unit_price" bigint;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "member_discount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "product_coupon_discount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "store_coupon_discount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "points_discount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "points_spent" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "product_coupon_id" uuid;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_priced_check" CHECK ("order_items"."discount" <= "order_items"."amount" and "order_items"."member_discount" >= 0 and "order_items"."product_coupon_discount" >= 0 and "order_items"."store_coupon_discount" >= 0 and "order_items"."points_discount" >= 0 and "order_items"."points_spent" >= 0
      and "order_items"."member_discount" + "order_items"."product_coupon_discount" + "order_items"."store_coupon_discount" + "order_items"."points_discount" <= "order_items"."discount");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_amounts_check" CHECK ("orders"."discount" >= 0 and "orders"."shipping_fee" >= 0 and "orders"."total" = "orders"."items_total" - "orders"."discount" + "orders"."shipping_fee" and ("orders"."total" > 0 or ("orders"."total" = 0 and ("orders"."gift_id" is not null or "orders"."discount" > 0))));