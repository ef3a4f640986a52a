CREATE TABLE "mini_site_nonces" (
	"mini_site_id" uuid NOT NULL,
	"nonce" text NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mini_site_nonces_mini_site_id_nonce_pk" PRIMARY KEY("mini_site_id","nonce")
);
--> statement-breakpoint
CREATE INDEX "mini_site_nonces_seen_idx" ON "mini_site_nonces" USING btree ("seen_at");