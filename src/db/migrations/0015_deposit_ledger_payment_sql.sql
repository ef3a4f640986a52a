-- Deposit top-ups paid online were described by an English note "Paid online (payment <id>)": the payment becomes a
-- reference (payment_id) and the note is left for what an operator writes; the web describes the entry in the
-- reader's language.
UPDATE "deposit_ledger"
SET "payment_id" = substring("note" from 'payment ([0-9a-f-]{36})')::uuid, "note" = NULL
WHERE "note" ~ '^Paid online \(payment [0-9a-f-]{36}\)$';
