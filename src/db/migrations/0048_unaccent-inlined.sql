-- trio_unaccent was declared IMMUTABLE around unaccent(), which is STABLE: PostgreSQL never inlines such a wrapper,
-- so every statement calling it planned its body again (about 0.2 ms in each checkout, which normalises the
-- address's region). STABLE with a pre-parsed body, it is inlined into the calling query. No index uses it.
CREATE OR REPLACE FUNCTION trio_unaccent(text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE STRICT
  RETURN unaccent('unaccent'::regdictionary, $1);
