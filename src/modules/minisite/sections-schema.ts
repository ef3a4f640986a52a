// Tables of the hosted mini-site (/m/<slug>): the sections its owners edit (the draft), the published copy visitors
// see, and the images its hero banners show. Not store-owned: a mini-site belongs to its owners, not to a store.
import { index, integer, jsonb, pgTable, boolean, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { miniSites } from './schema.ts';

/** What a section shows (rules: sections-rules.ts). */
export const SECTION_KINDS = ['hero', 'story', 'featured', 'coupons', 'membership', 'gift', 'store'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/**
 * The draft: what the owners edit. Visitors never read these rows; they read mini_site_pages.published, a copy made
 * by publishing (one statement), so a page half-way through an edit is never shown.
 */
export const miniSiteSections = pgTable(
  'mini_site_sections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    miniSiteId: uuid('mini_site_id').notNull().references(() => miniSites.id),
    /** 0, 1, 2, … without gaps (kept dense by every add, delete and reorder). */
    position: integer('position').notNull(),
    kind: text('kind', { enum: SECTION_KINDS }).notNull(),
    visible: boolean('visible').notNull().default(true),
    /** What does not depend on the language: image id, product ids, store id, coupon ids, gift activity id. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** Texts per language: { en?: {title, subtitle?, body?}, zh?: …, vi?: … }; the default language is always there. */
    content: jsonb('content').$type<Record<string, Record<string, string>>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('mini_site_sections_position_key').on(t.miniSiteId, t.position)],
);

/**
 * One row per mini-site: the draft's version (bumped by every change; the row is also the lock that puts a
 * mini-site's edits one after another) and the published copy (the visible sections as they were when published).
 */
export const miniSitePages = pgTable('mini_site_pages', {
  miniSiteId: uuid('mini_site_id').primaryKey().references(() => miniSites.id),
  draftVersion: integer('draft_version').notNull().default(0),
  /** Which draft version the published copy was made from (null: never published). */
  publishedDraftVersion: integer('published_draft_version'),
  /** Counts publications; visitors' ETags carry it. */
  publishedVersion: integer('published_version').notNull().default(0),
  published: jsonb('published').$type<unknown[]>(),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  publishedBy: uuid('published_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Hero banner images, checked by content and kept as WebP renditions like product images (catalog/images.ts). */
export const miniSiteImages = pgTable(
  'mini_site_images',
  {
    id: uuid('id').primaryKey(),
    miniSiteId: uuid('mini_site_id').notNull().references(() => miniSites.id),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('mini_site_images_site_idx').on(t.miniSiteId)],
);
