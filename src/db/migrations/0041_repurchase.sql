CREATE TABLE "coupon_sends" (
	"coupon_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"outcome" text,
	"held_coupon_id" uuid,
	CONSTRAINT "coupon_sends_coupon_id_buyer_id_pk" PRIMARY KEY("coupon_id","buyer_id")
);
--> statement-breakpoint
CREATE TABLE "expiry_notices" (
	"kind" text NOT NULL,
	"ref_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "expiry_notices_kind_ref_id_pk" PRIMARY KEY("kind","ref_id")
);
--> statement-breakpoint
CREATE TABLE "repurchase_reminders" (
	"order_item_id" uuid PRIMARY KEY NOT NULL,
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"sku_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"outcome" text
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "repurchase_cycle_days" integer;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "send_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "over_quota" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "coupon_sends_due_idx" ON "coupon_sends" USING btree ("created_at") WHERE "coupon_sends"."done_at" is null;--> statement-breakpoint
CREATE INDEX "coupon_sends_store_idx" ON "coupon_sends" USING btree ("store_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "repurchase_reminders_due_idx" ON "repurchase_reminders" USING btree ("due_at") WHERE "repurchase_reminders"."done_at" is null;--> statement-breakpoint
CREATE INDEX "repurchase_reminders_store_idx" ON "repurchase_reminders" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "broadcasts_due_idx" ON "broadcasts" USING btree ("send_at") WHERE "broadcasts"."status" = 'scheduled';--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_repurchase_cycle_check" CHECK ("products"."repurchase_cycle_days" is null or "products"."repurchase_cycle_days" between 1 and 730);