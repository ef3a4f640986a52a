DROP INDEX "after_sales_item_idx";--> statement-breakpoint
ALTER TABLE "after_sales" ADD COLUMN "seq" integer;--> statement-breakpoint
UPDATE "after_sales" a SET "seq" = n.seq FROM (SELECT id, row_number() OVER (PARTITION BY order_item_id ORDER BY created_at, id)::int AS seq FROM "after_sales") n WHERE n.id = a.id;--> statement-breakpoint
ALTER TABLE "after_sales" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "after_sales_item_seq_idx" ON "after_sales" USING btree ("order_item_id","seq");
