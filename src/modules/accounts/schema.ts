import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, integer, boolean, bigint, index, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Permission } from '../../kernel/permissions.ts';
import { DISPLAY_CHOICES } from '../../kernel/money.ts';

export const ROLES = ['operator', 'merchant', 'buyer'] as const;
export type Role = (typeof ROLES)[number];
export const CITY_TIERS = ['tier_1', 'new_tier_1', 'tier_2', 'tier_3', 'tier_4_below', 'overseas'] as const;
export const GENDERS = ['female', 'male', 'other'] as const;

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    displayName: text('display_name').notNull(),
    locale: text('locale').notNull().default('en'),
    // Buyer profile, optional; analytics reads it later (audience by age band, gender, city tier).
    birthYear: integer('birth_year'),
    gender: text('gender', { enum: GENDERS }),
    city: text('city'),
    cityTier: text('city_tier', { enum: CITY_TIERS }),
    // Approximate prices beside the real ones: a currency, 'none', or null (default by the interface language).
    displayCurrency: text('display_currency', { enum: DISPLAY_CHOICES }),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_attempts_email_at_idx').on(t.email, t.at), index('login_attempts_ip_at_idx').on(t.ip, t.at)],
);

/** A merchant's key for its own integrations, scoped to one store. Only the hash is kept. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    /** What the key may do in its store: permissions chosen at creation (never staff.manage or api_keys.manage). */
    scopes: text('scopes').array().$type<Permission[]>().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid('created_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_keys_key_hash_key').on(t.keyHash), index('api_keys_store_idx').on(t.storeId)],
);

/** Counts sign-outs and revocations: every process's session cache is fresh while it has seen the latest. */
export const sessionVersion = pgTable('session_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});
