// What other modules may use of the webhooks module (M7).
export * from './schema.ts';
export { WEBHOOK_EVENTS, WEBHOOK_GROUPS, WEBHOOK_HEADERS, webhookSignature, webhookSignatureMatches } from './rules.ts';
export { followEventsForWebhooks } from './deliveries.ts';
export { failingEndpointsSql, sweepWebhooks } from './sweep.ts';
export { webhookRoutes } from './routes.ts';
