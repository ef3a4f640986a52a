CREATE TABLE "gift_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"mini_site_id" uuid NOT NULL,
	"title" jsonb NOT NULL,
	"state" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gift_activities_window_check" CHECK ("gift_activities"."ends_at" > "gift_activities"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "gift_activity_items" (
	"activity_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"sku_id" uuid NOT NULL,
	"pool" integer NOT NULL,
	"remaining" integer NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "gift_activity_items_activity_id_sku_id_pk" PRIMARY KEY("activity_id","sku_id"),
	CONSTRAINT "gift_activity_items_pool_check" CHECK ("gift_activity_items"."pool" > 0 and "gift_activity_items"."remaining" >= 0 and "gift_activity_items"."returned" >= 0 and "gift_activity_items"."remaining" + "gift_activity_items"."returned" <= "gift_activity_items"."pool")
);
--> statement-breakpoint
CREATE TABLE "mini_site_gift_requests" (
	"mini_site_id" uuid NOT NULL,
	"request_id" text NOT NULL,
	"store_id" uuid NOT NULL,
	"gift_id" uuid NOT NULL,
	"body_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mini_site_gift_requests_mini_site_id_request_id_pk" PRIMARY KEY("mini_site_id","request_id")
);
--> statement-breakpoint
ALTER TABLE "gifts" ADD COLUMN "mini_site_id" uuid;--> statement-breakpoint
ALTER TABLE "gifts" ADD COLUMN "activity_id" uuid;--> statement-breakpoint
ALTER TABLE "gift_activity_items" ADD CONSTRAINT "gift_activity_items_activity_id_gift_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."gift_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gift_activities_store_idx" ON "gift_activities" USING btree ("store_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "gift_activities_site_idx" ON "gift_activities" USING btree ("mini_site_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "gift_activities_due_idx" ON "gift_activities" USING btree ("ends_at") WHERE "gift_activities"."state" in ('scheduled', 'active');--> statement-breakpoint
CREATE INDEX "gifts_activity_idx" ON "gifts" USING btree ("activity_id") WHERE "gifts"."activity_id" is not null;--> statement-breakpoint
CREATE INDEX "gifts_mini_site_idx" ON "gifts" USING btree ("mini_site_id","created_at" DESC NULLS LAST) WHERE "gifts"."mini_site_id" is not null;