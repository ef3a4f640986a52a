CREATE TABLE "app_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gift_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gift_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"claimant_id" uuid NOT NULL,
	"claimant_name" text NOT NULL,
	"state" text NOT NULL,
	"sku_id" uuid,
	"order_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "gift_decorations" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"store_id" uuid NOT NULL,
	"decoration" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gift_entries" (
	"gift_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"buyer_name" text NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gift_entries_gift_id_buyer_id_pk" PRIMARY KEY("gift_id","buyer_id")
);
--> statement-breakpoint
CREATE TABLE "gift_shops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"product_ids" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "gift_token_misses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gift_token_misses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ip" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"source" text DEFAULT 'buyer' NOT NULL,
	"giver_id" uuid NOT NULL,
	"giver_name" text NOT NULL,
	"kind" text NOT NULL,
	"recipient_id" uuid,
	"product_id" uuid NOT NULL,
	"sku_id" uuid NOT NULL,
	"title" text NOT NULL,
	"unit_price" bigint NOT NULL,
	"currency" text NOT NULL,
	"unit_quantity" integer NOT NULL,
	"units" integer NOT NULL,
	"units_claimed" integer DEFAULT 0 NOT NULL,
	"units_returned" integer DEFAULT 0 NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"receiver_name" text,
	"card_id" text,
	"stickers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"channel" text DEFAULT 'store' NOT NULL,
	"shop_id" uuid,
	"payment_id" uuid,
	"token_hash" text NOT NULL,
	"state" text NOT NULL,
	"join_deadline" timestamp with time zone,
	"draw" jsonb,
	"pay_deadline" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"refunded_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gifts_units_check" CHECK ("gifts"."units" > 0 and "gifts"."unit_quantity" > 0 and "gifts"."units_claimed" >= 0 and "gifts"."units_returned" >= 0 and "gifts"."units_claimed" + "gifts"."units_returned" <= "gifts"."units"),
	CONSTRAINT "gifts_message_check" CHECK (char_length("gifts"."message") <= 100)
);
--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "gift_excluded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "gifting_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "gift_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "gift_card" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shop_id" uuid;--> statement-breakpoint
ALTER TABLE "gift_claims" ADD CONSTRAINT "gift_claims_gift_id_gifts_id_fk" FOREIGN KEY ("gift_id") REFERENCES "public"."gifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gift_entries" ADD CONSTRAINT "gift_entries_gift_id_gifts_id_fk" FOREIGN KEY ("gift_id") REFERENCES "public"."gifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gift_claims_person_idx" ON "gift_claims" USING btree ("gift_id","claimant_id");--> statement-breakpoint
CREATE INDEX "gift_claims_claimant_idx" ON "gift_claims" USING btree ("claimant_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "gift_decorations_store_idx" ON "gift_decorations" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "gift_shops_store_idx" ON "gift_shops" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE INDEX "gift_token_misses_ip_idx" ON "gift_token_misses" USING btree ("ip","at");--> statement-breakpoint
CREATE UNIQUE INDEX "gifts_token_idx" ON "gifts" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "gifts_giver_idx" ON "gifts" USING btree ("giver_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "gifts_store_idx" ON "gifts" USING btree ("store_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "gifts_payment_idx" ON "gifts" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "gifts_pay_due_idx" ON "gifts" USING btree ("pay_deadline") WHERE "gifts"."state" = 'awaiting_payment';--> statement-breakpoint
CREATE INDEX "gifts_expire_due_idx" ON "gifts" USING btree ("expires_at") WHERE "gifts"."state" = 'waiting';--> statement-breakpoint
CREATE INDEX "gifts_draw_due_idx" ON "gifts" USING btree ("join_deadline") WHERE "gifts"."kind" = 'lottery' and "gifts"."draw" is null and "gifts"."state" = 'waiting';--> statement-breakpoint
CREATE INDEX "orders_gift_idx" ON "orders" USING btree ("gift_id") WHERE "orders"."gift_id" is not null;--> statement-breakpoint
CREATE INDEX "orders_shop_idx" ON "orders" USING btree ("shop_id") WHERE "orders"."shop_id" is not null;