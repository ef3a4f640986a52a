CREATE TABLE "analytics_category_days" (
	"store_id" uuid NOT NULL,
	"time_zone" text NOT NULL,
	"day" date NOT NULL,
	"category_id" integer NOT NULL,
	"buyer_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"orders" integer NOT NULL,
	"amount" bigint NOT NULL,
	"gift_amount" bigint NOT NULL,
	"refunds" integer NOT NULL,
	"refund_amount" bigint NOT NULL,
	CONSTRAINT "analytics_category_days_time_zone_store_id_day_category_id_buyer_id_pk" PRIMARY KEY("time_zone","store_id","day","category_id","buyer_id"),
	CONSTRAINT "analytics_category_days_check" CHECK ("analytics_category_days"."orders" >= 0 and "analytics_category_days"."amount" >= 0 and "analytics_category_days"."gift_amount" >= 0 and "analytics_category_days"."refund_amount" >= 0)
);
--> statement-breakpoint
CREATE INDEX "analytics_category_days_zone_category_day_idx" ON "analytics_category_days" USING btree ("time_zone","category_id","day");--> statement-breakpoint
CREATE INDEX "analytics_category_days_buyer_idx" ON "analytics_category_days" USING btree ("time_zone","category_id","buyer_id","day");--> statement-breakpoint
-- Days already rolled up are rebuilt by the scheduler, which writes their category rows too.
INSERT INTO "analytics_dirty_days" ("store_id", "time_zone", "day", "marked_at")
SELECT DISTINCT "store_id", "time_zone", "day", now() FROM "analytics_channel_days" WHERE "orders" > 0 OR "refunds" > 0
ON CONFLICT DO NOTHING;
