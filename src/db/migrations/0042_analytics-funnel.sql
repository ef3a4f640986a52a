ALTER TABLE "product_views" ADD COLUMN "kind" text DEFAULT 'view' NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_channel_days" ADD COLUMN "exposures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_channel_days" ADD COLUMN "clicks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_channel_days" ADD COLUMN "carts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_channel_days" ADD COLUMN "placed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_product_days" ADD COLUMN "exposures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_product_days" ADD COLUMN "clicks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_product_days" ADD COLUMN "carts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "product_views" ADD CONSTRAINT "product_views_kind_check" CHECK ("product_views"."kind" in ('exposure', 'click', 'view', 'cart'));