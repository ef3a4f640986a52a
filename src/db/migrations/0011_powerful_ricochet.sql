CREATE TABLE "sandbox_platform_certificate" (
	"id" integer PRIMARY KEY NOT NULL,
	"serial_no" text NOT NULL,
	"private_key" text NOT NULL,
	"certificate" text NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wechatpay_certificate_refresh" (
	"id" integer PRIMARY KEY NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"last_success_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "wechatpay_platform_certificates" (
	"serial_no" text PRIMARY KEY NOT NULL,
	"mchid" text NOT NULL,
	"certificate" text NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"downloaded_at" timestamp with time zone NOT NULL
);
