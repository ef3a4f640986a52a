CREATE TABLE "inbox_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"notice_kind" text,
	"payload" jsonb NOT NULL,
	"once_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notice_mutes" (
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notice_mutes_store_id_buyer_id_kind_pk" PRIMARY KEY("store_id","buyer_id","kind")
);
--> statement-breakpoint
CREATE TABLE "notice_templates" (
	"store_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"lang" text NOT NULL,
	"text" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notice_templates_store_id_kind_lang_pk" PRIMARY KEY("store_id","kind","lang"),
	CONSTRAINT "notice_templates_text_check" CHECK (length("notice_templates"."text") between 1 and 500)
);
--> statement-breakpoint
CREATE TABLE "service_conversations" (
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"last_buyer_message_at" timestamp with time zone NOT NULL,
	"last_reply_at" timestamp with time zone,
	"order_id" uuid,
	CONSTRAINT "service_conversations_store_id_buyer_id_pk" PRIMARY KEY("store_id","buyer_id")
);
--> statement-breakpoint
CREATE TABLE "service_follows" (
	"store_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"source" text NOT NULL,
	"order_id" uuid,
	"followed_at" timestamp with time zone NOT NULL,
	"unfollowed_at" timestamp with time zone,
	CONSTRAINT "service_follows_store_id_buyer_id_pk" PRIMARY KEY("store_id","buyer_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_messages_once_idx" ON "inbox_messages" USING btree ("store_id","buyer_id","once_key");--> statement-breakpoint
CREATE INDEX "inbox_messages_buyer_idx" ON "inbox_messages" USING btree ("buyer_id","id");--> statement-breakpoint
CREATE INDEX "inbox_messages_unread_idx" ON "inbox_messages" USING btree ("buyer_id") WHERE "inbox_messages"."read_at" is null;--> statement-breakpoint
CREATE INDEX "inbox_messages_thread_idx" ON "inbox_messages" USING btree ("store_id","buyer_id","id");--> statement-breakpoint
CREATE INDEX "service_conversations_queue_idx" ON "service_conversations" USING btree ("store_id","last_buyer_message_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "service_follows_buyer_idx" ON "service_follows" USING btree ("buyer_id") WHERE "service_follows"."unfollowed_at" is null;--> statement-breakpoint
CREATE INDEX "service_follows_store_idx" ON "service_follows" USING btree ("store_id","followed_at" DESC NULLS LAST) WHERE "service_follows"."unfollowed_at" is null;