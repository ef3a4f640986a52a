CREATE TABLE "analytics_marks" (
	"store_id" uuid NOT NULL,
	"time_zone" text NOT NULL,
	"day" date NOT NULL,
	"marked_at" timestamp with time zone NOT NULL
);
