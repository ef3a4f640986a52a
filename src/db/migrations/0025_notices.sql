CREATE TABLE "mini_site_notice_tries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mini_site_notice_tries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"notice_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"tried_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"status" integer,
	"error" text,
	"answer" text
);
--> statement-breakpoint
CREATE TABLE "mini_site_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"mini_site_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"outbox_id" bigint NOT NULL,
	"event" text NOT NULL,
	"body" text NOT NULL,
	"state" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"tries" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claim_token" uuid,
	"last_tried_at" timestamp with time zone,
	"last_status" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mini_site_notice_tries" ADD CONSTRAINT "mini_site_notice_tries_notice_id_mini_site_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."mini_site_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mini_site_notice_tries_notice_idx" ON "mini_site_notice_tries" USING btree ("notice_id","tried_at");--> statement-breakpoint
CREATE INDEX "mini_site_notice_tries_store_idx" ON "mini_site_notice_tries" USING btree ("store_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mini_site_notices_outbox_key" ON "mini_site_notices" USING btree ("outbox_id","mini_site_id");--> statement-breakpoint
CREATE INDEX "mini_site_notices_due_idx" ON "mini_site_notices" USING btree ("next_attempt_at") WHERE "mini_site_notices"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "mini_site_notices_site_idx" ON "mini_site_notices" USING btree ("mini_site_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "mini_site_notices_order_idx" ON "mini_site_notices" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "mini_site_notices_store_idx" ON "mini_site_notices" USING btree ("store_id");