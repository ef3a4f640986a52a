-- Custom SQL migration file, put your code below! --
-- A store's available balance starts as the sum of its ledger so far (every later entry moves it in its own transaction).
INSERT INTO "store_balances" ("store_id", "currency", "available", "updated_at")
SELECT "store_id", min("currency"), sum("net"), now() FROM "store_balance_ledger" GROUP BY "store_id"
ON CONFLICT ("store_id") DO NOTHING;
