CREATE TABLE "store_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"invited_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "scopes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "store_invitations" ADD CONSTRAINT "store_invitations_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_invitations" ADD CONSTRAINT "store_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "store_invitations_pending_key" ON "store_invitations" USING btree ("store_id","email") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "store_invitations_email_idx" ON "store_invitations" USING btree ("email","status");--> statement-breakpoint
CREATE UNIQUE INDEX "store_members_one_owner_key" ON "store_members" USING btree ("store_id") WHERE role = 'owner';--> statement-breakpoint
-- BEGIN HAND-WRITTEN (staff)
-- Staff from before store roles ran the store's daily work (catalog, orders, gifts) but were never meant to hold the
-- owner's powers (keys, closing, settings): they become operations. Keys from before scopes keep what they could do.
UPDATE "store_members" SET "role" = 'operations' WHERE "role" = 'staff';--> statement-breakpoint
UPDATE "api_keys" SET "scopes" = ARRAY['store.read','store.settings','store.close','catalog.read','catalog.write','prices.write','stock.write','orders.read','orders.ship','aftersales.read','aftersales.handle','finance.read','deposits.pay','gifts.read','gifts.manage']::text[] WHERE "scopes" = '{}'::text[];
-- END HAND-WRITTEN
