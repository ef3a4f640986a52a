CREATE TABLE "store_gmv_slots" (
	"store_id" uuid NOT NULL,
	"slot" integer NOT NULL,
	"paid" bigint DEFAULT 0 NOT NULL,
	"base" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "store_gmv_slots_store_id_slot_pk" PRIMARY KEY("store_id","slot")
);
--> statement-breakpoint
ALTER TABLE "store_gmv_slots" ADD CONSTRAINT "store_gmv_slots_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;