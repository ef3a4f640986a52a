ALTER TABLE "member_events" ADD COLUMN "shortfall" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_events" ADD COLUMN "once_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "member_events_once_idx" ON "member_events" USING btree ("store_id","once_key","kind") WHERE "member_events"."once_key" is not null;