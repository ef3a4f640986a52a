-- trio_unaccent was declared IMMUTABLE around unaccent(), which is STABLE: PostgreSQL never inlines such a wrapper,
-- so every statement calling it planned its body again (about 0.2 ms in each checkout, which normalises the
-- address's region). STABLE with a pre-parsed body, it is inlined into the calling query. No index uses it.
CREATE OR REPLACE FUNCTION trio_unaccent(text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE STRICT
  RETURN unaccent('unaccent'::regdictionary, $1);
--> statement-breakpoint
-- Idempotency keys are written in time order and only ever swept by age: a BRIN index serves the sweep, where a
-- B-tree entry was written with every checkout.
DROP INDEX "idempotency_keys_created_idx";--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING brin ("created_at");
