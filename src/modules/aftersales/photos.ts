// A buyer's photo evidence: checked like product images (by content and size), kept as one WebP; seen by the buyer
// who took it, and by the store of the request it is attached to.
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { pgArray, type Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { checkImage, writeWebp } from '../catalog/index.ts';
import { afterSalePhotos } from './schema.ts';

/** Photos are kept no larger than this on either side. */
const PHOTO_PX = 1600;

const file = (ctx: Ctx, buyerId: string, id: string) => path.join(ctx.config.dataDir, 'uploads', 'aftersales', buyerId, `${id}.webp`);

export async function uploadPhoto(ctx: Ctx, buyerId: string, data: Buffer) {
  const meta = await checkImage(data, ctx.config.afterSalesPhotoMaxBytes);
  const id = randomUUID();
  const to = file(ctx, buyerId, id);
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await writeWebp(data, PHOTO_PX, to);
    await ctx.db.insert(afterSalePhotos).values({ id, buyerId, width: meta.width, height: meta.height, sizeBytes: data.length, createdAt: ctx.clock.now() });
  } catch (err) {
    await rm(to, { force: true });
    throw err;
  }
  return { id, width: meta.width, height: meta.height, url: `/api/after-sales/photos/${id}` };
}

/** The photo for its buyer, the store of the request it is attached to, or the operator (404 for anyone else). */
export async function readPhoto(ctx: Ctx, who: { buyerId: string } | { storeIds: string[] } | 'any', id: string) {
  const cond = who === 'any' ? undefined : 'buyerId' in who ? eq(afterSalePhotos.buyerId, who.buyerId) : who.storeIds.length ? inArray(afterSalePhotos.storeId, who.storeIds) : sql`false`;
  const [row] = await ctx.db.select().from(afterSalePhotos).where(and(eq(afterSalePhotos.id, id), cond));
  if (!row) throw new NotFound('photo');
  return readFile(file(ctx, row.buyerId, row.id));
}

/** The photos a buyer may attach to a request of this store: their own, not another store's already. */
const attachable = (buyerId: string, storeId: string, ids: string[]) =>
  and(inArray(afterSalePhotos.id, ids), eq(afterSalePhotos.buyerId, buyerId), or(isNull(afterSalePhotos.storeId), eq(afterSalePhotos.storeId, storeId)));

/**
 * The photos a request names, checked by a plain read (at most `max`, each the buyer's own and not another store's;
 * 4xx otherwise): their distinct ids, for `attachPhotosSql`.
 */
export async function checkPhotos(db: Db, max: number, buyerId: string, storeId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length > max) throw new Invalid('too_many_photos', `At most ${max} photos per request.`, { max });
  if (!unique.length) return unique;
  const rows = await db.select({ id: afterSalePhotos.id }).from(afterSalePhotos).where(attachable(buyerId, storeId, unique));
  const missing = unique.find((id) => !rows.some((r) => r.id === id));
  if (missing) throw new NotFound('photo', { photoId: missing });
  return unique;
}

/** Attaches checked photos to a request of this store, in the request's statement when `go` (a row per photo attached). */
export function attachPhotosSql(buyerId: string, storeId: string, ids: string[], go: SQL) {
  return sql`update after_sale_photos set store_id = ${storeId}
    where id = any(${pgArray(ids)}::uuid[]) and buyer_id = ${buyerId} and (store_id is null or store_id = ${storeId}) and ${go} returning id`;
}
