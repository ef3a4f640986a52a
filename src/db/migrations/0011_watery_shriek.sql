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
ALTER TABLE "payment_attempts" ADD COLUMN "provider_final" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "provider_state" text;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "next_check_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "checks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "last_check_error" text;--> statement-breakpoint
ALTER TABLE "sandbox_refunds" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sandbox_notifications_due_idx" ON "sandbox_notifications" USING btree ("next_attempt_at") WHERE "sandbox_notifications"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "sandbox_notifications_trade_idx" ON "sandbox_notifications" USING btree ("out_trade_no");--> statement-breakpoint
CREATE INDEX "payment_attempts_check_idx" ON "payment_attempts" USING btree ("next_check_at") WHERE not "payment_attempts"."provider_final";--> statement-breakpoint
CREATE INDEX "sandbox_refunds_due_idx" ON "sandbox_refunds" USING btree ("due_at") WHERE "sandbox_refunds"."status" = 'PROCESSING';--> statement-breakpoint
-- BEGIN HAND-WRITTEN (payments)
-- Attempts already paid are final at the provider; refunds the sandbox left PROCESSING are finished by its sweep.
UPDATE "payment_attempts" SET "provider_final" = true, "provider_state" = 'SUCCESS' WHERE "state" = 'paid';--> statement-breakpoint
UPDATE "sandbox_refunds" SET "due_at" = now() WHERE "status" = 'PROCESSING';
-- END HAND-WRITTEN
