CREATE TABLE "mini_site_images" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mini_site_id" uuid NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mini_site_pages" (
	"mini_site_id" uuid PRIMARY KEY NOT NULL,
	"draft_version" integer DEFAULT 0 NOT NULL,
	"published_draft_version" integer,
	"published_version" integer DEFAULT 0 NOT NULL,
	"published" jsonb,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mini_site_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mini_site_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"visible" boolean DEFAULT true NOT NULL,
	"data" jsonb NOT NULL,
	"content" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mini_site_images" ADD CONSTRAINT "mini_site_images_mini_site_id_mini_sites_id_fk" FOREIGN KEY ("mini_site_id") REFERENCES "public"."mini_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mini_site_pages" ADD CONSTRAINT "mini_site_pages_mini_site_id_mini_sites_id_fk" FOREIGN KEY ("mini_site_id") REFERENCES "public"."mini_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mini_site_sections" ADD CONSTRAINT "mini_site_sections_mini_site_id_mini_sites_id_fk" FOREIGN KEY ("mini_site_id") REFERENCES "public"."mini_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mini_site_images_site_idx" ON "mini_site_images" USING btree ("mini_site_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mini_site_sections_position_key" ON "mini_site_sections" USING btree ("mini_site_id","position");