// The hosted mini-site's sections: the owners edit a draft (add, edit, delete, reorder, each one transaction that
// also bumps the draft's version on mini_site_pages, whose row puts a mini-site's edits one after another), and
// publishing copies the visible sections into mini_site_pages.published in one statement. Visitors read only that
// copy, so they never see a page half-way through an edit.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { checkImage, writeWebp } from '../catalog/index.ts';
import { miniSiteById, miniSiteBySlug, ownsMiniSite, isLinked, type MiniSiteIdentity } from './reads.ts';
import { miniSiteImages, miniSitePages, miniSiteSections } from './sections-schema.ts';
import { SITE_LOCALES, hasLanguage, sameSet, textsFor, type SectionContent, type SiteLocale } from './sections-rules.ts';
import type { SectionInput } from './sections-api.ts';
import { recordAudit } from '../audit/index.ts';
import { userNames } from '../accounts/index.ts';
import type { User } from './service.ts';

const IMAGE_SIZES = { thumb: 240, large: 1600 } as const;
type ImageSize = keyof typeof IMAGE_SIZES;
type Section = typeof miniSiteSections.$inferSelect;
type ImageMeta = { id: string; width: number; height: number };
/** A section as kept in the published copy: the draft's fields, the image's size, each featured product's store. */
type PublishedSection = Pick<Section, 'id' | 'kind' | 'data' | 'content'> & { image: ImageMeta | null; productStores: Record<string, string> };

/** The mini-site, when this account owns it; otherwise "not found" (another owner's site is not revealed). */
export async function ownedMiniSite(db: Db, userId: string, miniSiteId: string): Promise<MiniSiteIdentity> {
  const site = (await ownsMiniSite(db, userId, miniSiteId)) ? await miniSiteById(db, miniSiteId) : undefined;
  if (!site) throw new NotFound('mini_site');
  return site;
}

const locale = (l: string) => (SITE_LOCALES.includes(l as SiteLocale) ? (l as SiteLocale) : 'en');
const siteFacts = (s: MiniSiteIdentity) => ({ id: s.id, name: s.name, slug: s.slug, appId: s.appId, defaultLocale: locale(s.defaultLocale) });

function draftView(s: Section) {
  return { id: s.id, kind: s.kind, position: s.position, visible: s.visible, data: s.data, content: s.content as SectionContent, updatedAt: s.updatedAt.toISOString() };
}

export async function listDraft(db: Db, userId: string, miniSiteId: string) {
  const site = await ownedMiniSite(db, userId, miniSiteId);
  const [rows, [page]] = await Promise.all([
    db.select().from(miniSiteSections).where(eq(miniSiteSections.miniSiteId, miniSiteId)).orderBy(asc(miniSiteSections.position)),
    db.select().from(miniSitePages).where(eq(miniSitePages.miniSiteId, miniSiteId)),
  ]);
  const draftVersion = page?.draftVersion ?? 0;
  const publisher = page?.publishedBy ? (await userNames(db, [page.publishedBy])).get(page.publishedBy) ?? null : null;
  return {
    miniSite: siteFacts(site),
    sections: rows.map(draftView),
    draftVersion,
    publishedVersion: page?.publishedVersion ?? 0,
    publishedAt: page?.publishedAt?.toISOString() ?? null,
    publishedByName: publisher,
    unpublishedChanges: draftVersion > 0 && page?.publishedDraftVersion !== draftVersion,
  };
}

/** Bumps the draft's version; the row stays locked until the transaction ends, so one mini-site's edits queue here. */
async function bumpDraft(tx: Db, miniSiteId: string, now: Date): Promise<number> {
  const [row] = await queryRows<{ v: number }>(tx, sql`
    insert into mini_site_pages (mini_site_id, draft_version, updated_at) values (${miniSiteId}, 1, ${now})
    on conflict (mini_site_id) do update set draft_version = mini_site_pages.draft_version + 1, updated_at = excluded.updated_at
    returning draft_version as v`);
  return row.v;
}

/** What a section refers to must be the mini-site's own or a linked store's; its default language must be written. */
async function checkSection(tx: Db, site: MiniSiteIdentity, input: SectionInput) {
  if (!hasLanguage(input.content, site.defaultLocale)) {
    throw new Invalid('section_default_language_missing', `Write the section in the mini-site's default language (${site.defaultLocale}) first: visitors of other languages fall back to it.`, { language: site.defaultLocale });
  }
  if (input.kind === 'featured') {
    const ok = await queryRows<{ id: string }>(tx, sql`
      select p.id from products p
      where p.id = any(${pgArray(input.data.productIds)}::uuid[])
        and exists (select 1 from mini_site_links l where l.store_id = p.store_id and l.mini_site_id = ${site.id} and l.state = 'linked')`);
    const missing = input.data.productIds.find((id) => !ok.some((r) => r.id === id));
    if (missing) throw new Invalid('section_product_not_linked', 'A featured product must come from a store linked to this mini-site.', { productId: missing });
  }
  if (input.kind === 'coupons' || input.kind === 'store') {
    if (!(await isLinked(tx, site.id, input.data.storeId))) throw new Invalid('section_store_not_linked', 'The store must be linked to this mini-site.', { storeId: input.data.storeId });
  }
  if (input.kind === 'hero' && input.data.imageId) {
    const [img] = await tx.select({ id: miniSiteImages.id }).from(miniSiteImages).where(and(eq(miniSiteImages.id, input.data.imageId), eq(miniSiteImages.miniSiteId, site.id)));
    if (!img) throw new NotFound('image', { imageId: input.data.imageId });
  }
}

export async function addSection(ctx: Ctx, userId: string, miniSiteId: string, input: SectionInput) {
  return inTransaction(ctx, async (tx) => {
    const site = await ownedMiniSite(tx, userId, miniSiteId);
    const now = ctx.clock.now();
    await bumpDraft(tx, miniSiteId, now);
    await checkSection(tx, site, input);
    const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from mini_site_sections where mini_site_id = ${miniSiteId}`);
    if (n >= ctx.config.miniSiteMaxSections) throw new Conflict('sections_limit_reached', `A mini-site has at most ${ctx.config.miniSiteMaxSections} sections.`, { limit: ctx.config.miniSiteMaxSections });
    const [row] = await tx.insert(miniSiteSections).values({
      miniSiteId, position: n, kind: input.kind, visible: input.visible, data: input.data, content: input.content, createdAt: now, updatedAt: now,
    }).returning();
    return draftView(row);
  });
}

async function sectionOf(tx: Db, miniSiteId: string, sectionId: string): Promise<Section> {
  const [row] = await tx.select().from(miniSiteSections).where(and(eq(miniSiteSections.id, sectionId), eq(miniSiteSections.miniSiteId, miniSiteId)));
  if (!row) throw new NotFound('section');
  return row;
}

export async function editSection(ctx: Ctx, userId: string, miniSiteId: string, sectionId: string, input: SectionInput) {
  return inTransaction(ctx, async (tx) => {
    const site = await ownedMiniSite(tx, userId, miniSiteId);
    const now = ctx.clock.now();
    await bumpDraft(tx, miniSiteId, now);
    const current = await sectionOf(tx, miniSiteId, sectionId);
    if (current.kind !== input.kind) throw new Conflict('section_kind_fixed', 'A section keeps its kind: add a new section of the other kind instead.', { kind: current.kind });
    await checkSection(tx, site, input);
    const [row] = await tx.update(miniSiteSections).set({ visible: input.visible, data: input.data, content: input.content, updatedAt: now })
      .where(eq(miniSiteSections.id, sectionId)).returning();
    return draftView(row);
  });
}

/** Gives the mini-site's sections the positions 0..n-1 in this order (all of them, in two statements). */
async function placeInOrder(tx: Db, miniSiteId: string, ids: string[], now: Date) {
  // First out of the way (negative), then in place: the unique (mini_site_id, position) holds after each statement.
  await tx.execute(sql`update mini_site_sections set position = -1 - position where mini_site_id = ${miniSiteId}`);
  if (ids.length) {
    await tx.execute(sql`update mini_site_sections set position = array_position(${pgArray(ids)}::uuid[], id) - 1, updated_at = ${now}
      where mini_site_id = ${miniSiteId}`);
  }
}

async function currentOrder(tx: Db, miniSiteId: string): Promise<string[]> {
  const rows = await tx.select({ id: miniSiteSections.id }).from(miniSiteSections).where(eq(miniSiteSections.miniSiteId, miniSiteId)).orderBy(asc(miniSiteSections.position));
  return rows.map((r) => r.id);
}

export async function deleteSection(ctx: Ctx, userId: string, miniSiteId: string, sectionId: string) {
  await inTransaction(ctx, async (tx) => {
    await ownedMiniSite(tx, userId, miniSiteId);
    const now = ctx.clock.now();
    await bumpDraft(tx, miniSiteId, now);
    await sectionOf(tx, miniSiteId, sectionId);
    await tx.delete(miniSiteSections).where(eq(miniSiteSections.id, sectionId));
    await placeInOrder(tx, miniSiteId, await currentOrder(tx, miniSiteId), now);
  });
}

/** New order of all the sections, in one transaction: the ids must be exactly the mini-site's sections. */
export async function reorderSections(ctx: Ctx, userId: string, miniSiteId: string, sectionIds: string[]) {
  await inTransaction(ctx, async (tx) => {
    await ownedMiniSite(tx, userId, miniSiteId);
    const now = ctx.clock.now();
    await bumpDraft(tx, miniSiteId, now);
    const current = await currentOrder(tx, miniSiteId);
    if (!sameSet(current, sectionIds)) {
      throw new Conflict('sections_order_mismatch', 'Send every section of the mini-site exactly once (the list changed meanwhile? reload it).', { sectionIds: current });
    }
    await placeInOrder(tx, miniSiteId, sectionIds, now);
  });
  return listDraft(ctx.db, userId, miniSiteId);
}

/**
 * Copies the visible sections of the draft into what visitors see, in one statement; audited with the version. `who`
 * is the signed-in owner, or an owner's user id (the demo's seeding): the audit names that account then.
 */
export async function publishSections(ctx: Ctx, who: User | string, miniSiteId: string) {
  const userId = typeof who === 'string' ? who : who.userId;
  const actor: User = typeof who === 'string'
    ? { kind: 'user', userId, role: 'merchant', displayName: (await userNames(ctx.db, [userId])).get(userId) ?? '', sessionId: '' }
    : who;
  await inTransaction(ctx, async (tx) => {
    const site = await ownedMiniSite(tx, userId, miniSiteId);
    const now = ctx.clock.now();
    // The lock on the page row first (an edit running now finishes before the copy is made, or waits for it).
    await tx.execute(sql`insert into mini_site_pages (mini_site_id, draft_version, updated_at) values (${miniSiteId}, 0, ${now}) on conflict (mini_site_id) do nothing`);
    await tx.execute(sql`select 1 from mini_site_pages where mini_site_id = ${miniSiteId} for update`);
    const [done] = await queryRows<{ version: number; draftVersion: number; sections: number }>(tx, sql`
      update mini_site_pages pg set
        published = coalesce((
          select jsonb_agg(jsonb_build_object(
            'id', s.id, 'kind', s.kind, 'data', s.data, 'content', s.content,
            'image', (select jsonb_build_object('id', i.id, 'width', i.width, 'height', i.height) from mini_site_images i where i.id::text = s.data->>'imageId' and i.mini_site_id = s.mini_site_id),
            'productStores', coalesce((select jsonb_object_agg(p.id, p.store_id) from products p
                where s.kind = 'featured' and p.id::text in (select jsonb_array_elements_text(s.data->'productIds'))), '{}'::jsonb)
          ) order by s.position)
          from mini_site_sections s where s.mini_site_id = pg.mini_site_id and s.visible), '[]'::jsonb),
        published_version = pg.published_version + 1,
        published_draft_version = pg.draft_version,
        published_at = ${now}, published_by = ${userId}, updated_at = ${now}
      where pg.mini_site_id = ${miniSiteId}
      returning published_version as version, published_draft_version as "draftVersion", jsonb_array_length(published) as sections`);
    await recordAudit(tx, actor, {
      action: 'minisite.published', entityType: 'mini_site', entityId: miniSiteId, summary: site.name,
      after: { version: done.version, draftVersion: done.draftVersion, sections: done.sections, slug: site.slug },
    }, now);
  });
  return listDraft(ctx.db, userId, miniSiteId);
}

function imageView(img: ImageMeta) {
  return { ...img, urls: Object.fromEntries(Object.keys(IMAGE_SIZES).map((s) => [s, `/api/m/images/${img.id}/${s}`])) as Record<ImageSize, string> };
}

/**
 * What a visitor of /m/<slug> reads in `lang` (falling back to the default language per section): the published
 * copy, less the products and stores whose link to the mini-site has ended since. With an ETag of its content.
 */
export async function hostedPage(db: Db, slug: string, lang: string | undefined) {
  const site = await miniSiteBySlug(db, slug);
  if (!site) throw new NotFound('mini_site');
  const [[page], linked] = await Promise.all([
    db.select().from(miniSitePages).where(eq(miniSitePages.miniSiteId, site.id)),
    queryRows<{ storeId: string }>(db, sql`select store_id as "storeId" from mini_site_links where mini_site_id = ${site.id} and state = 'linked'`),
  ]);
  const linkedStores = new Set(linked.map((r) => r.storeId));
  const want = locale(lang ?? site.defaultLocale);
  const sections = ((page?.published ?? []) as PublishedSection[]).flatMap((s) => {
    const { lang: used, texts } = textsFor(s.content as SectionContent, want, site.defaultLocale);
    const d = s.data as { productIds?: string[]; storeId?: string; couponIds?: string[]; activityId?: string };
    const storeId = d.storeId && linkedStores.has(d.storeId) ? d.storeId : null;
    if ((s.kind === 'store' || s.kind === 'coupons') && !storeId) return [];
    const productIds = (d.productIds ?? []).filter((id) => linkedStores.has(s.productStores?.[id]));
    if (s.kind === 'featured' && !productIds.length) return [];
    return [{
      id: s.id, kind: s.kind, lang: used, title: texts.title ?? '', subtitle: texts.subtitle ?? '', body: texts.body ?? '',
      image: s.image ? imageView(s.image) : null, productIds, storeId, couponIds: storeId ? d.couponIds ?? [] : [], activityId: d.activityId ?? null,
    }];
  });
  const body = {
    miniSite: siteFacts(site),
    lang: want, version: page?.publishedVersion ?? 0, publishedAt: page?.publishedAt?.toISOString() ?? null, sections,
  };
  const etag = `"m-${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
  return { body, etag };
}

// ---- hero images: checked by content (the catalog's check), kept as WebP renditions in the data directory

const imageDir = (ctx: Ctx, miniSiteId: string) => path.join(ctx.config.dataDir, 'uploads', 'minisite-images', miniSiteId);

export async function uploadSectionImage(ctx: Ctx, userId: string, miniSiteId: string, data: Buffer) {
  await ownedMiniSite(ctx.db, userId, miniSiteId);
  const meta = await checkImage(data, ctx.config.imageMaxBytes);
  const id = randomUUID();
  const folder = imageDir(ctx, miniSiteId);
  await mkdir(folder, { recursive: true });
  for (const [size, px] of Object.entries(IMAGE_SIZES)) await writeWebp(data, px, path.join(folder, `${id}-${size}.webp`));
  await ctx.db.insert(miniSiteImages).values({ id, miniSiteId, width: meta.width, height: meta.height, sizeBytes: data.length, createdAt: ctx.clock.now() });
  return imageView({ id, width: meta.width, height: meta.height });
}

export async function readSectionImage(ctx: Ctx, imageId: string, size: ImageSize) {
  const [row] = await ctx.db.select({ miniSiteId: miniSiteImages.miniSiteId }).from(miniSiteImages).where(eq(miniSiteImages.id, imageId));
  if (!row) throw new NotFound('image');
  return readFile(path.join(imageDir(ctx, row.miniSiteId), `${imageId}-${size}.webp`));
}
