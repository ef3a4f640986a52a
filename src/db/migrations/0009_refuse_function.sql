-- A statement that must not take effect unless all of it can (e.g. a checkout done in one statement) calls this
-- to abort itself: the caller sees SQLSTATE T0001 with the reason as the message, and nothing is written.
CREATE FUNCTION trio_refuse(reason text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'T0001', MESSAGE = reason;
END
$$;
