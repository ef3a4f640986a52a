CREATE TABLE "mini_site_media" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mini_site_id" uuid NOT NULL,
	"buyer_id" uuid,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_path" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "customisable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cart_lines" ADD COLUMN "mini_site_id" uuid;--> statement-breakpoint
ALTER TABLE "cart_lines" ADD COLUMN "custom_media_id" uuid;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "custom_media_id" uuid;--> statement-breakpoint
ALTER TABLE "mini_site_media" ADD CONSTRAINT "mini_site_media_mini_site_id_mini_sites_id_fk" FOREIGN KEY ("mini_site_id") REFERENCES "public"."mini_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mini_site_media_site_idx" ON "mini_site_media" USING btree ("mini_site_id","created_at" DESC NULLS LAST);