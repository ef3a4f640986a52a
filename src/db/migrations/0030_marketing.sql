CREATE TABLE "member_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	"growth" bigint DEFAULT 0 NOT NULL,
	"level" integer,
	"order_id" uuid,
	"actor_id" uuid,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_levels" (
	"store_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"name" text NOT NULL,
	"growth_required" bigint NOT NULL,
	"price_bp" integer DEFAULT 10000 NOT NULL,
	CONSTRAINT "member_levels_store_id_level_pk" PRIMARY KEY("store_id","level"),
	CONSTRAINT "member_levels_level_check" CHECK ("member_levels"."level" between 1 and 10),
	CONSTRAINT "member_levels_growth_check" CHECK ("member_levels"."growth_required" >= 0),
	CONSTRAINT "member_levels_price_check" CHECK ("member_levels"."price_bp" between 1000 and 10000)
);
--> statement-breakpoint
CREATE TABLE "members" (
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"level" integer DEFAULT 1 NOT NULL,
	"growth" bigint DEFAULT 0 NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	"source" text NOT NULL,
	"mini_site_id" uuid,
	"joined_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "members_store_id_buyer_id_pk" PRIMARY KEY("store_id","buyer_id"),
	CONSTRAINT "members_points_check" CHECK ("members"."points" >= 0),
	CONSTRAINT "members_growth_check" CHECK ("members"."growth" >= 0)
);
--> statement-breakpoint
CREATE TABLE "membership_programs" (
	"store_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"growth_per_unit" integer DEFAULT 1 NOT NULL,
	"points_per_unit" integer DEFAULT 1 NOT NULL,
	"points_per_minor" integer DEFAULT 1 NOT NULL,
	"max_points_share_bp" integer DEFAULT 5000 NOT NULL,
	"points_valid_days" integer DEFAULT 365 NOT NULL,
	"signup_coupon_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "membership_programs_rates_check" CHECK ("membership_programs"."growth_per_unit" >= 0 and "membership_programs"."points_per_unit" >= 0 and "membership_programs"."points_per_minor" > 0),
	CONSTRAINT "membership_programs_share_check" CHECK ("membership_programs"."max_points_share_bp" between 0 and 10000),
	CONSTRAINT "membership_programs_days_check" CHECK ("membership_programs"."points_valid_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "point_lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"earned" bigint NOT NULL,
	"remaining" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"order_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "point_lots_remaining_check" CHECK ("point_lots"."remaining" >= 0 and "point_lots"."remaining" <= "point_lots"."earned" and "point_lots"."earned" > 0)
);
--> statement-breakpoint
CREATE TABLE "coupon_products" (
	"store_id" uuid NOT NULL,
	"coupon_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	CONSTRAINT "coupon_products_coupon_id_product_id_pk" PRIMARY KEY("coupon_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "coupons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"title" text NOT NULL,
	"scope" text NOT NULL,
	"kind" text NOT NULL,
	"pay_bp" integer,
	"threshold" bigint DEFAULT 0 NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"audience" text NOT NULL,
	"min_level" integer,
	"state" text NOT NULL,
	"total_quantity" integer NOT NULL,
	"claimed" integer DEFAULT 0 NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"per_person_limit" integer DEFAULT 1 NOT NULL,
	"claim_starts_at" timestamp with time zone NOT NULL,
	"claim_ends_at" timestamp with time zone NOT NULL,
	"use_window" text NOT NULL,
	"use_starts_at" timestamp with time zone,
	"use_ends_at" timestamp with time zone,
	"use_days" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "coupons_claimed_check" CHECK ("coupons"."claimed" >= 0 and "coupons"."claimed" <= "coupons"."total_quantity" and "coupons"."used" >= 0 and "coupons"."used" <= "coupons"."claimed"),
	CONSTRAINT "coupons_quantity_check" CHECK ("coupons"."total_quantity" > 0 and "coupons"."per_person_limit" > 0),
	CONSTRAINT "coupons_money_check" CHECK ("coupons"."threshold" >= 0 and "coupons"."amount" >= 0),
	CONSTRAINT "coupons_pay_bp_check" CHECK ("coupons"."kind" <> 'percent' or "coupons"."pay_bp" between 2000 and 10000),
	CONSTRAINT "coupons_windows_check" CHECK ("coupons"."claim_ends_at" > "coupons"."claim_starts_at")
);
--> statement-breakpoint
CREATE TABLE "held_coupons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"coupon_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"state" text NOT NULL,
	"source" text NOT NULL,
	"seq" integer NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"order_id" uuid,
	"used_at" timestamp with time zone,
	"claimed_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "skus" ADD COLUMN "member_price" bigint;--> statement-breakpoint
ALTER TABLE "coupon_products" ADD CONSTRAINT "coupon_products_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "held_coupons" ADD CONSTRAINT "held_coupons_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_events_member_idx" ON "member_events" USING btree ("store_id","buyer_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "member_events_order_idx" ON "member_events" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "members_buyer_idx" ON "members" USING btree ("buyer_id");--> statement-breakpoint
CREATE INDEX "members_store_joined_idx" ON "members" USING btree ("store_id","joined_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "point_lots_member_idx" ON "point_lots" USING btree ("store_id","buyer_id","expires_at") WHERE "point_lots"."remaining" > 0;--> statement-breakpoint
CREATE INDEX "point_lots_due_idx" ON "point_lots" USING btree ("expires_at") WHERE "point_lots"."remaining" > 0;--> statement-breakpoint
CREATE INDEX "coupon_products_product_idx" ON "coupon_products" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "coupons_store_idx" ON "coupons" USING btree ("store_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "coupons_due_idx" ON "coupons" USING btree ("state","claim_starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "held_coupons_person_key" ON "held_coupons" USING btree ("coupon_id","buyer_id","seq");--> statement-breakpoint
CREATE INDEX "held_coupons_buyer_idx" ON "held_coupons" USING btree ("buyer_id","state","valid_until");--> statement-breakpoint
CREATE INDEX "held_coupons_store_idx" ON "held_coupons" USING btree ("store_id","coupon_id");--> statement-breakpoint
CREATE INDEX "held_coupons_due_idx" ON "held_coupons" USING btree ("valid_until") WHERE "held_coupons"."state" = 'unused';--> statement-breakpoint
CREATE INDEX "held_coupons_order_idx" ON "held_coupons" USING btree ("order_id");--> statement-breakpoint
ALTER TABLE "skus" ADD CONSTRAINT "skus_member_price_check" CHECK ("skus"."member_price" is null or ("skus"."member_price" > 0 and "skus"."member_price" <= "skus"."price"));