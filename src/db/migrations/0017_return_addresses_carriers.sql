CREATE TABLE "store_return_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"region" text NOT NULL,
	"line" text NOT NULL,
	"postal_code" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "carrier_name" text;--> statement-breakpoint
ALTER TABLE "after_sales" ADD COLUMN "return_address" jsonb;--> statement-breakpoint
CREATE INDEX "store_return_addresses_store_idx" ON "store_return_addresses" USING btree ("store_id","created_at");