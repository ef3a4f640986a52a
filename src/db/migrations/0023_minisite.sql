CREATE TABLE "mini_site_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"mini_site_id" uuid NOT NULL,
	"state" text NOT NULL,
	"invited_by" uuid NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"ended_by" uuid,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mini_site_owners" (
	"mini_site_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mini_site_owners_mini_site_id_user_id_pk" PRIMARY KEY("mini_site_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "mini_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"app_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"secret_rotated_at" timestamp with time zone NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"allowed_origins" text[] DEFAULT '{}'::text[] NOT NULL,
	"callback_url" text,
	"default_locale" text DEFAULT 'en' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "mini_site_id" uuid;--> statement-breakpoint
ALTER TABLE "mini_site_links" ADD CONSTRAINT "mini_site_links_mini_site_id_mini_sites_id_fk" FOREIGN KEY ("mini_site_id") REFERENCES "public"."mini_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mini_site_owners" ADD CONSTRAINT "mini_site_owners_mini_site_id_mini_sites_id_fk" FOREIGN KEY ("mini_site_id") REFERENCES "public"."mini_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mini_site_links_open_key" ON "mini_site_links" USING btree ("store_id","mini_site_id") WHERE "mini_site_links"."state" in ('pending', 'linked');--> statement-breakpoint
CREATE INDEX "mini_site_links_store_idx" ON "mini_site_links" USING btree ("store_id","invited_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "mini_site_links_site_idx" ON "mini_site_links" USING btree ("mini_site_id","invited_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "mini_site_links_expiry_idx" ON "mini_site_links" USING btree ("expires_at") WHERE "mini_site_links"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "mini_site_owners_user_idx" ON "mini_site_owners" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mini_sites_app_id_key" ON "mini_sites" USING btree ("app_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mini_sites_slug_key" ON "mini_sites" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "orders_mini_site_idx" ON "orders" USING btree ("mini_site_id","created_at" DESC NULLS LAST) WHERE "orders"."mini_site_id" is not null;