CREATE TABLE "freight_regions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"region" text NOT NULL,
	"region_key" text NOT NULL,
	"delivers" boolean DEFAULT true NOT NULL,
	"first_fee" bigint DEFAULT 0 NOT NULL,
	"extra_fee" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "freight_regions_amounts_check" CHECK ("freight_regions"."first_fee" >= 0 and "freight_regions"."extra_fee" >= 0)
);
--> statement-breakpoint
CREATE TABLE "freight_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"basis" text NOT NULL,
	"first_units" integer DEFAULT 1 NOT NULL,
	"first_fee" bigint DEFAULT 0 NOT NULL,
	"extra_units" integer DEFAULT 1 NOT NULL,
	"extra_fee" bigint DEFAULT 0 NOT NULL,
	"free_above" bigint,
	"is_default" boolean DEFAULT false NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "freight_templates_amounts_check" CHECK ("freight_templates"."first_units" > 0 and "freight_templates"."extra_units" > 0 and "freight_templates"."first_fee" >= 0 and "freight_templates"."extra_fee" >= 0 and ("freight_templates"."free_above" is null or "freight_templates"."free_above" > 0))
);
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_amounts_check";--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "freight_template_id" uuid;--> statement-breakpoint
ALTER TABLE "skus" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "skus" ADD COLUMN "barcode" text;--> statement-breakpoint
ALTER TABLE "skus" ADD COLUMN "weight" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipping_fee" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipping_fee_refund_id" uuid;--> statement-breakpoint
ALTER TABLE "freight_regions" ADD CONSTRAINT "freight_regions_template_id_freight_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."freight_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "freight_regions_template_key" ON "freight_regions" USING btree ("template_id","region_key");--> statement-breakpoint
CREATE INDEX "freight_templates_store_idx" ON "freight_templates" USING btree ("store_id");--> statement-breakpoint
CREATE UNIQUE INDEX "freight_templates_default_key" ON "freight_templates" USING btree ("store_id") WHERE "freight_templates"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "skus_store_code_key" ON "skus" USING btree ("store_id","code") WHERE "skus"."code" is not null and "skus"."active";--> statement-breakpoint
ALTER TABLE "skus" ADD CONSTRAINT "skus_weight_check" CHECK ("skus"."weight" is null or "skus"."weight" >= 0);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_amounts_check" CHECK ("orders"."discount" >= 0 and "orders"."shipping_fee" >= 0 and "orders"."total" = "orders"."items_total" - "orders"."discount" + "orders"."shipping_fee" and ("orders"."total" > 0 or ("orders"."gift_id" is not null and "orders"."total" = 0)));