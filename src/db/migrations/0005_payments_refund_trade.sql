ALTER TABLE "refunds" ADD COLUMN "out_trade_no" text NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox_refunds" ADD COLUMN "success_time" timestamp with time zone;