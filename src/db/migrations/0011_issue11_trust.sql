CREATE TABLE "entity_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legal_entity_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"claimant_id" uuid NOT NULL,
	"claimed_name" text NOT NULL,
	"claimed_subject_type" text NOT NULL,
	"status" text DEFAULT 'documents_required' NOT NULL,
	"document_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"grant" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
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
CREATE TABLE "rate_limit_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"window_ends_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sandbox_notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"url" text NOT NULL,
	"event_type" text NOT NULL,
	"out_trade_no" text NOT NULL,
	"body" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_status" integer,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox_platform_certificate" (
	"id" integer PRIMARY KEY NOT NULL,
	"serial_no" text NOT NULL,
	"private_key" text NOT NULL,
	"certificate" text NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wechatpay_certificate_refresh" (
	"id" integer PRIMARY KEY NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"last_success_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "wechatpay_platform_certificates" (
	"serial_no" text PRIMARY KEY NOT NULL,
	"mchid" text NOT NULL,
	"certificate" text NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"downloaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stores" ALTER COLUMN "legal_entity_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "scopes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "legal_entities" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "provider_final" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "provider_state" text;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "next_check_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "checks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "last_check_error" text;--> statement-breakpoint
ALTER TABLE "sandbox_refunds" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "entity_claims" ADD CONSTRAINT "entity_claims_legal_entity_id_legal_entities_id_fk" FOREIGN KEY ("legal_entity_id") REFERENCES "public"."legal_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_claims" ADD CONSTRAINT "entity_claims_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_claims" ADD CONSTRAINT "entity_claims_claimant_id_users_id_fk" FOREIGN KEY ("claimant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_invitations" ADD CONSTRAINT "store_invitations_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_invitations" ADD CONSTRAINT "store_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "entity_claims_store_key" ON "entity_claims" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "entity_claims_status_idx" ON "entity_claims" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "entity_claims_entity_idx" ON "entity_claims" USING btree ("legal_entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "store_invitations_pending_key" ON "store_invitations" USING btree ("store_id","email") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "store_invitations_email_idx" ON "store_invitations" USING btree ("email","status");--> statement-breakpoint
CREATE INDEX "rate_limit_counters_window_idx" ON "rate_limit_counters" USING btree ("window_ends_at");--> statement-breakpoint
CREATE INDEX "sandbox_notifications_due_idx" ON "sandbox_notifications" USING btree ("next_attempt_at") WHERE "sandbox_notifications"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "sandbox_notifications_trade_idx" ON "sandbox_notifications" USING btree ("out_trade_no");--> statement-breakpoint
ALTER TABLE "legal_entities" ADD CONSTRAINT "legal_entities_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "store_members_one_owner_key" ON "store_members" USING btree ("store_id") WHERE role = 'owner';--> statement-breakpoint
CREATE INDEX "payment_attempts_check_idx" ON "payment_attempts" USING btree ("next_check_at") WHERE not "payment_attempts"."provider_final";--> statement-breakpoint
CREATE INDEX "sandbox_refunds_due_idx" ON "sandbox_refunds" USING btree ("due_at") WHERE "sandbox_refunds"."status" = 'PROCESSING';--> statement-breakpoint
-- BEGIN HAND-WRITTEN (tenancy)
-- Every legal entity registered before ownership existed belongs to the account of its first store.
UPDATE "legal_entities" e SET "owner_id" = (
  SELECT s."owner_id" FROM "stores" s WHERE s."legal_entity_id" = e."id" ORDER BY s."created_at", s."id" LIMIT 1
) WHERE e."owner_id" IS NULL;
-- END HAND-WRITTEN
--> statement-breakpoint
-- BEGIN HAND-WRITTEN (payments)
-- Attempts already paid are final at the provider; refunds the sandbox left PROCESSING are finished by its sweep.
UPDATE "payment_attempts" SET "provider_final" = true, "provider_state" = 'SUCCESS' WHERE "state" = 'paid';--> statement-breakpoint
UPDATE "sandbox_refunds" SET "due_at" = now() WHERE "status" = 'PROCESSING';
-- END HAND-WRITTEN
--> statement-breakpoint
-- BEGIN HAND-WRITTEN (staff)
-- Staff from before store roles ran the store's daily work (catalog, orders, gifts) but were never meant to hold the
-- owner's powers (keys, closing, settings): they become operations. Keys from before scopes keep what they could do.
UPDATE "store_members" SET "role" = 'operations' WHERE "role" = 'staff';--> statement-breakpoint
UPDATE "api_keys" SET "scopes" = ARRAY['store.read','store.settings','store.close','catalog.read','catalog.write','prices.write','stock.write','orders.read','orders.ship','aftersales.read','aftersales.handle','finance.read','deposits.pay','gifts.read','gifts.manage']::text[] WHERE "scopes" = '{}'::text[];
-- END HAND-WRITTEN
