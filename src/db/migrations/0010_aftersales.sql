CREATE TABLE "after_sale_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "after_sale_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"after_sale_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"event" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_id" uuid,
	"from_state" text,
	"to_state" text,
	"detail" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "after_sale_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"buyer_id" uuid NOT NULL,
	"store_id" uuid,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "after_sales" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"order_item_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"payment_id" uuid,
	"type" text NOT NULL,
	"state" text NOT NULL,
	"quantity" integer NOT NULL,
	"amount" bigint NOT NULL,
	"agreed_amount" bigint,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"photo_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"exchange_sku_id" uuid,
	"reject_reason" text,
	"proposal" jsonb,
	"return_parcel" jsonb,
	"reship_parcel" jsonb,
	"dispute_reason" text,
	"decision" jsonb,
	"refund_id" uuid,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "after_sales_quantity_check" CHECK ("after_sales"."quantity" > 0),
	CONSTRAINT "after_sales_amount_check" CHECK ("after_sales"."amount" >= 0 and ("after_sales"."agreed_amount" is null or "after_sales"."agreed_amount" >= 0))
);
--> statement-breakpoint
DROP INDEX "store_balance_ledger_order_kind_idx";--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "after_sales_days" integer;--> statement-breakpoint
ALTER TABLE "store_balance_ledger" ADD COLUMN "refund_id" uuid;--> statement-breakpoint
ALTER TABLE "after_sale_events" ADD CONSTRAINT "after_sale_events_after_sale_id_after_sales_id_fk" FOREIGN KEY ("after_sale_id") REFERENCES "public"."after_sales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "after_sale_events_request_idx" ON "after_sale_events" USING btree ("after_sale_id","id");--> statement-breakpoint
CREATE INDEX "after_sale_photos_buyer_idx" ON "after_sale_photos" USING btree ("buyer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "after_sales_one_open_idx" ON "after_sales" USING btree ("order_item_id") WHERE "after_sales"."state" in ('merchant_processing', 'merchant_rejected', 'waiting_buyer_confirm', 'waiting_buyer_return', 'waiting_merchant_receipt', 'refunding', 'refund_failed', 'in_dispute', 'exchange_reshipped');--> statement-breakpoint
CREATE INDEX "after_sales_item_idx" ON "after_sales" USING btree ("order_item_id");--> statement-breakpoint
CREATE INDEX "after_sales_store_idx" ON "after_sales" USING btree ("store_id","state","due_at");--> statement-breakpoint
CREATE INDEX "after_sales_buyer_idx" ON "after_sales" USING btree ("buyer_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "after_sales_order_idx" ON "after_sales" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "after_sales_refund_idx" ON "after_sales" USING btree ("refund_id") WHERE "after_sales"."refund_id" is not null;--> statement-breakpoint
CREATE INDEX "after_sales_due_idx" ON "after_sales" USING btree ("due_at") WHERE "after_sales"."due_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "store_balance_ledger_settlement_idx" ON "store_balance_ledger" USING btree ("order_id") WHERE "store_balance_ledger"."kind" = 'settlement';--> statement-breakpoint
CREATE UNIQUE INDEX "store_balance_ledger_refund_idx" ON "store_balance_ledger" USING btree ("refund_id") WHERE "store_balance_ledger"."refund_id" is not null;