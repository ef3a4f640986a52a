CREATE TABLE "sandbox_profit_sharing_returns" (
	"out_return_no" text PRIMARY KEY NOT NULL,
	"return_id" text NOT NULL,
	"order_id" text NOT NULL,
	"out_order_no" text NOT NULL,
	"transaction_id" text NOT NULL,
	"return_mchid" text NOT NULL,
	"amount" bigint NOT NULL,
	"description" text NOT NULL,
	"result" text NOT NULL,
	"fail_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "profit_sharing_returns" (
	"out_return_no" text PRIMARY KEY NOT NULL,
	"refund_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"out_order_no" text NOT NULL,
	"return_account" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"state" text NOT NULL,
	"provider_return_id" text,
	"fail_reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"retried_at" timestamp with time zone,
	CONSTRAINT "profit_sharing_returns_amount_check" CHECK ("profit_sharing_returns"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "held_for" text;--> statement-breakpoint
ALTER TABLE "profit_sharing_returns" ADD CONSTRAINT "profit_sharing_returns_out_order_no_withdrawal_shares_out_order_no_fk" FOREIGN KEY ("out_order_no") REFERENCES "public"."withdrawal_shares"("out_order_no") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sandbox_profit_sharing_returns_due_idx" ON "sandbox_profit_sharing_returns" USING btree ("due_at") WHERE "sandbox_profit_sharing_returns"."result" = 'PROCESSING';--> statement-breakpoint
CREATE INDEX "sandbox_profit_sharing_returns_order_idx" ON "sandbox_profit_sharing_returns" USING btree ("out_order_no");--> statement-breakpoint
CREATE INDEX "profit_sharing_returns_refund_idx" ON "profit_sharing_returns" USING btree ("refund_id");--> statement-breakpoint
CREATE INDEX "profit_sharing_returns_order_idx" ON "profit_sharing_returns" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "profit_sharing_returns_share_idx" ON "profit_sharing_returns" USING btree ("out_order_no");--> statement-breakpoint
CREATE INDEX "profit_sharing_returns_due_idx" ON "profit_sharing_returns" USING btree ("next_attempt_at") WHERE "profit_sharing_returns"."state" in ('pending', 'processing');--> statement-breakpoint
CREATE INDEX "profit_sharing_returns_failed_idx" ON "profit_sharing_returns" USING btree ("created_at") WHERE "profit_sharing_returns"."state" = 'failed' and "profit_sharing_returns"."retried_at" is null;