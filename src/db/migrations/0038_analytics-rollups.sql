CREATE TABLE "analytics_buyer_days" (
	"store_id" uuid NOT NULL,
	"time_zone" text NOT NULL,
	"day" date NOT NULL,
	"buyer_id" uuid NOT NULL,
	"orders" integer NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "analytics_buyer_days_time_zone_store_id_day_buyer_id_pk" PRIMARY KEY("time_zone","store_id","day","buyer_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_channel_days" (
	"store_id" uuid NOT NULL,
	"time_zone" text NOT NULL,
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"currency" text NOT NULL,
	"orders" integer NOT NULL,
	"gmv" bigint NOT NULL,
	"gift_orders" integer NOT NULL,
	"gift_gmv" bigint NOT NULL,
	"refunds" integer NOT NULL,
	"refund_amount" bigint NOT NULL,
	"views" integer NOT NULL,
	CONSTRAINT "analytics_channel_days_time_zone_store_id_day_channel_currency_pk" PRIMARY KEY("time_zone","store_id","day","channel","currency"),
	CONSTRAINT "analytics_channel_days_check" CHECK ("analytics_channel_days"."orders" >= 0 and "analytics_channel_days"."gmv" >= 0 and "analytics_channel_days"."gift_gmv" >= 0 and "analytics_channel_days"."refund_amount" >= 0 and "analytics_channel_days"."views" >= 0)
);
--> statement-breakpoint
CREATE TABLE "analytics_dirty_days" (
	"store_id" uuid NOT NULL,
	"time_zone" text NOT NULL,
	"day" date NOT NULL,
	"marked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_dirty_days_store_id_time_zone_day_pk" PRIMARY KEY("store_id","time_zone","day")
);
--> statement-breakpoint
CREATE TABLE "analytics_product_days" (
	"store_id" uuid NOT NULL,
	"time_zone" text NOT NULL,
	"day" date NOT NULL,
	"product_id" uuid NOT NULL,
	"category_id" integer NOT NULL,
	"currency" text NOT NULL,
	"orders" integer NOT NULL,
	"quantity" integer NOT NULL,
	"amount" bigint NOT NULL,
	"views" integer NOT NULL,
	CONSTRAINT "analytics_product_days_time_zone_store_id_day_product_id_pk" PRIMARY KEY("time_zone","store_id","day","product_id")
);
--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "time_zone" text;--> statement-breakpoint
CREATE INDEX "analytics_buyer_days_zone_day_idx" ON "analytics_buyer_days" USING btree ("time_zone","day");--> statement-breakpoint
CREATE INDEX "analytics_buyer_days_buyer_idx" ON "analytics_buyer_days" USING btree ("time_zone","buyer_id","day");--> statement-breakpoint
CREATE INDEX "analytics_channel_days_zone_day_idx" ON "analytics_channel_days" USING btree ("time_zone","day");--> statement-breakpoint
CREATE INDEX "analytics_dirty_days_marked_idx" ON "analytics_dirty_days" USING btree ("marked_at");--> statement-breakpoint
CREATE INDEX "analytics_product_days_zone_day_idx" ON "analytics_product_days" USING btree ("time_zone","day");--> statement-breakpoint
CREATE INDEX "refunds_store_succeeded_idx" ON "refunds" USING btree ("store_id","succeeded_at") WHERE "refunds"."state" = 'succeeded';