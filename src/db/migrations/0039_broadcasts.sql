CREATE TABLE "broadcast_deliveries" (
	"broadcast_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "broadcast_deliveries_broadcast_id_buyer_id_pk" PRIMARY KEY("broadcast_id","buyer_id")
);
--> statement-breakpoint
CREATE TABLE "broadcasts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"store_id" uuid NOT NULL,
	"kind" text DEFAULT 'broadcast' NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"product_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"segment" jsonb NOT NULL,
	"status" text NOT NULL,
	"audience" integer NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "broadcasts_title_check" CHECK (length("broadcasts"."title") between 1 and 120),
	CONSTRAINT "broadcasts_body_check" CHECK (length("broadcasts"."body") between 1 and 2000)
);
--> statement-breakpoint
CREATE INDEX "broadcast_deliveries_due_idx" ON "broadcast_deliveries" USING btree ("broadcast_id") WHERE "broadcast_deliveries"."done_at" is null;--> statement-breakpoint
CREATE INDEX "broadcasts_store_idx" ON "broadcasts" USING btree ("store_id","created_at" DESC NULLS LAST);