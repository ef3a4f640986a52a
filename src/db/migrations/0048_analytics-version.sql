CREATE TABLE "analytics_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "analytics_version" ("id", "version") VALUES (1, 1);
