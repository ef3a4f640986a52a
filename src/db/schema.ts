// Every module's tables, gathered for Drizzle and drizzle-kit. Modules own their own schema files.
export * from '../modules/accounts/schema.ts';
export * from '../modules/audit/schema.ts';
export * from '../modules/merchants/schema.ts';
export * from '../modules/catalog/schema.ts';
export * from '../kernel/schema.ts';
export * from '../modules/orders/schema.ts';
export * from '../modules/payments/schema.ts';
export * from '../modules/payments/certificates-schema.ts';
export * from '../modules/payments/sandbox-profit-sharing-schema.ts';
export * from '../modules/gifts/schema.ts';
export * from '../modules/aftersales/schema.ts';
export * from '../modules/withdrawals/schema.ts';
export * from '../modules/minisite/schema.ts';
export * from '../modules/minisite/notices-schema.ts';
export * from '../modules/minisite/gift-activity-schema.ts';
export * from '../modules/minisite/sections-schema.ts';
