CREATE INDEX "webhook_endpoints_failing_idx" ON "webhook_endpoints" USING btree ("failing_since") WHERE "webhook_endpoints"."state" = 'active' and "webhook_endpoints"."failing_since" is not null;
