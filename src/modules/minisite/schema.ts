// Tables of the mini-site module (M6): a brand's own site with its identity (app id and secret), its owners, and its
// links to stores. A mini-site is not store-owned (it may link to many stores); a link carries the store id.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A link's states (transitions: rules.ts). pending → linked | rejected | expired | cancelled; linked → unlinked. */
export const LINK_STATES = ['pending', 'linked', 'rejected', 'expired', 'cancelled', 'unlinked'] as const;
export type LinkState = (typeof LINK_STATES)[number];
/** The states in which a store and a mini-site are tied (a new invitation waits until it ends). */
export const OPEN_LINK_STATES = ['pending', 'linked'] as const satisfies readonly LinkState[];
/** Which side ended a link: the store (withdrew or unlinked) or the mini-site (unlinked); null when Trio expired it. */
export const LINK_SIDES = ['store', 'mini_site'] as const;
export type LinkSideName = (typeof LINK_SIDES)[number];

export const miniSites = pgTable(
  'mini_sites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Public identity, e.g. `ms_4f3a…` (what a store invites and what signs requests). */
    appId: text('app_id').notNull(),
    /**
     * SHA-256 of the app secret (hex). The secret is shown once at creation and at each rotation; what is kept is its
     * hash, which is also the HMAC key of signed requests and notices (signature.ts): the secret itself is never stored.
     */
    secretHash: text('secret_hash').notNull(),
    secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true }).notNull(),
    /** Where Trio serves the hosted site: /m/<slug>. */
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** Origins (scheme://host[:port]) allowed to embed the components that need a link. */
    allowedOrigins: text('allowed_origins').array().notNull().default(sql`'{}'::text[]`),
    /** Where order notices go (https, or http on localhost); null: no notices. */
    callbackUrl: text('callback_url'),
    /** The hosted site's default language: en, zh or vi. */
    defaultLocale: text('default_locale').notNull().default('en'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('mini_sites_app_id_key').on(t.appId), uniqueIndex('mini_sites_slug_key').on(t.slug)],
);

/** Accounts that own a mini-site (any merchant account, with or without a store). */
export const miniSiteOwners = pgTable(
  'mini_site_owners',
  {
    miniSiteId: uuid('mini_site_id').notNull().references(() => miniSites.id),
    userId: uuid('user_id').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.miniSiteId, t.userId] }), index('mini_site_owners_user_idx').on(t.userId)],
);

/** A store's link to a mini-site, one row per invitation (history kept); at most one open (pending or linked) per pair. */
export const miniSiteLinks = pgTable(
  'mini_site_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    miniSiteId: uuid('mini_site_id').notNull().references(() => miniSites.id),
    state: text('state', { enum: LINK_STATES }).notNull(),
    invitedBy: uuid('invited_by').notNull(),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull(),
    /** A pending invitation not answered by then expires (swept). */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    answeredBy: uuid('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    endedBy: uuid('ended_by'),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Which side cancelled or unlinked it (null: expired by Trio, or not ended). */
    endedSide: text('ended_side', { enum: LINK_SIDES }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('mini_site_links_open_key').on(t.storeId, t.miniSiteId).where(sql`${t.state} in ('pending', 'linked')`),
    index('mini_site_links_store_idx').on(t.storeId, t.invitedAt.desc()),
    index('mini_site_links_site_idx').on(t.miniSiteId, t.invitedAt.desc()),
    index('mini_site_links_expiry_idx').on(t.expiresAt).where(sql`${t.state} = 'pending'`),
  ],
);

/**
 * Counts changes to who may show a mini-site's cards (a link moved, allowed origins changed): every process's cache of
 * links (link-cache.ts) is fresh while it has seen the latest. One row, id 1.
 */
export const miniSiteLinksVersion = pgTable('mini_site_links_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});

/** Nonces of signed requests seen within the signature window (a second use is a replay); older ones are swept. */
export const miniSiteNonces = pgTable(
  'mini_site_nonces',
  {
    miniSiteId: uuid('mini_site_id').notNull(),
    nonce: text('nonce').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.miniSiteId, t.nonce] }), index('mini_site_nonces_seen_idx').on(t.seenAt)],
);

/**
 * Customisation files a mini-site's server uploaded for a buyer (custom-media.ts). Bound to the mini-site that sent
 * it; bound to a buyer when the upload names one, else to the first buyer who puts it in a cart or checks out with it.
 */
export const miniSiteMedia = pgTable(
  'mini_site_media',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    miniSiteId: uuid('mini_site_id').notNull().references(() => miniSites.id),
    /** The Trio buyer it is for; null until the first buyer uses it. */
    buyerId: uuid('buyer_id'),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    /** Under the data directory's uploads/mini-site-media. */
    storagePath: text('storage_path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('mini_site_media_site_idx').on(t.miniSiteId, t.createdAt.desc())],
);
