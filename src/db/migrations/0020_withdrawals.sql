CREATE TABLE "store_balances" (
	"store_id" uuid PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"available" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_profit_sharing_orders" (
	"out_order_no" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"transaction_id" text NOT NULL,
	"state" text NOT NULL,
	"unfreeze_unsplit" boolean NOT NULL,
	"receivers" jsonb NOT NULL,
	"amount" bigint NOT NULL,
	"request" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox_profit_sharing_receivers" (
	"type" text NOT NULL,
	"account" text NOT NULL,
	"name" text,
	"relation_type" text NOT NULL,
	"abnormal" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sandbox_profit_sharing_receivers_type_account_pk" PRIMARY KEY("type","account")
);
--> statement-breakpoint
CREATE TABLE "store_receivers" (
	"store_id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"account" text NOT NULL,
	"name" text,
	"state" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"registered_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "withdrawal_shares" (
	"out_order_no" text PRIMARY KEY NOT NULL,
	"withdrawal_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"transaction_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"state" text NOT NULL,
	"provider_order_id" text,
	"fail_reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "withdrawal_shares_amount_check" CHECK ("withdrawal_shares"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "withdrawals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"state" text NOT NULL,
	"requested_by" uuid,
	"auto_approved" boolean DEFAULT false NOT NULL,
	"decided_by" uuid,
	"reject_reason" text,
	"receiver_type" text,
	"receiver_account" text,
	"paid_amount" bigint DEFAULT 0 NOT NULL,
	"fail_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"approved_at" timestamp with time zone,
	"paying_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "withdrawals_amount_check" CHECK ("withdrawals"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "store_balance_ledger" ALTER COLUMN "order_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "store_balance_ledger" ADD COLUMN "withdrawal_id" uuid;--> statement-breakpoint
ALTER TABLE "withdrawal_shares" ADD CONSTRAINT "withdrawal_shares_withdrawal_id_withdrawals_id_fk" FOREIGN KEY ("withdrawal_id") REFERENCES "public"."withdrawals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sandbox_profit_sharing_orders_due_idx" ON "sandbox_profit_sharing_orders" USING btree ("due_at") WHERE "sandbox_profit_sharing_orders"."state" = 'PROCESSING';--> statement-breakpoint
CREATE INDEX "sandbox_profit_sharing_orders_transaction_idx" ON "sandbox_profit_sharing_orders" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "store_receivers_due_idx" ON "store_receivers" USING btree ("next_attempt_at") WHERE "store_receivers"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "withdrawal_shares_withdrawal_idx" ON "withdrawal_shares" USING btree ("withdrawal_id");--> statement-breakpoint
CREATE INDEX "withdrawal_shares_order_idx" ON "withdrawal_shares" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "withdrawal_shares_due_idx" ON "withdrawal_shares" USING btree ("next_attempt_at") WHERE "withdrawal_shares"."state" in ('pending', 'processing');--> statement-breakpoint
CREATE INDEX "withdrawals_store_idx" ON "withdrawals" USING btree ("store_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "withdrawals_state_idx" ON "withdrawals" USING btree ("state","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "store_balance_ledger_withdrawal_idx" ON "store_balance_ledger" USING btree ("withdrawal_id","kind") WHERE "store_balance_ledger"."withdrawal_id" is not null;