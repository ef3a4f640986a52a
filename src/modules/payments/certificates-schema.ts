// Tables of WeChat Pay's platform certificates, on both sides: the ones Trio downloaded from /v3/certificates (shared
// by every process), and the sandbox's own platform certificate (the sandbox plays WeChat Pay's side).
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * WeChat Pay's platform certificates, as downloaded from GET /v3/certificates and decrypted with the API v3 key.
 * A reference table (no store id): they belong to the platform's one merchant account, and every process verifies
 * answers and notifications with them. Refreshed by the scheduler (see wechatpayCertificateRefresh).
 */
export const wechatpayPlatformCertificates = pgTable('wechatpay_platform_certificates', {
  /** The certificate's serial number in upper-case hex (Wechatpay-Serial names it). */
  serialNo: text('serial_no').primaryKey(),
  mchid: text('mchid').notNull(),
  /** The X.509 certificate, PEM. */
  certificate: text('certificate').notNull(),
  effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  downloadedAt: timestamp('downloaded_at', { withTimezone: true }).notNull(),
});

/**
 * When the platform certificates are next downloaded (one row, id 1; a reference table, no store id). A process
 * takes the download by moving dueAt forward with a guarded update, so one process downloads per period.
 */
export const wechatpayCertificateRefresh = pgTable('wechatpay_certificate_refresh', {
  id: integer('id').primaryKey(),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  lastError: text('last_error'),
});

/** The sandbox's platform certificate (one row, id 1): a key pair of its own and a self-signed X.509 certificate. */
export const sandboxPlatformCertificate = pgTable('sandbox_platform_certificate', {
  id: integer('id').primaryKey(),
  serialNo: text('serial_no').notNull(),
  privateKey: text('private_key').notNull(),
  certificate: text('certificate').notNull(),
  effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
