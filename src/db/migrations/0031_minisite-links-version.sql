CREATE TABLE "mini_site_links_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "mini_site_links_version" ("id", "version") VALUES (1, 1);
