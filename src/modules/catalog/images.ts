// Product images: uploaded once, checked by decoding them, kept as WebP renditions (thumbnail and large).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Metadata } from 'sharp';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, Invalid, NotFound } from '../../kernel/errors.ts';
import { loadSharp } from '../../kernel/sharp.ts';
import { productImages } from './schema.ts';

export const IMAGE_SIZES = { thumb: 240, large: 960 } as const;
export type ImageSize = keyof typeof IMAGE_SIZES;
const ACCEPTED = ['jpeg', 'png', 'webp', 'gif'];
const MAX_PIXELS = 40_000_000;

function dir(ctx: Ctx, storeId: string) {
  return path.join(ctx.config.dataDir, 'uploads', 'images', storeId);
}

/** Checks an uploaded image by its size and content (decoding it): its width and height, or a 413/415/422 problem. */
export async function checkImage(data: Buffer, maxBytes: number): Promise<{ width: number; height: number }> {
  if (data.length === 0) throw new Invalid('file_empty', 'The file is empty.');
  if (data.length > maxBytes) {
    throw new AppError(413, 'file_too_large', `The image is ${data.length} bytes; the limit is ${maxBytes} bytes.`, { limitBytes: maxBytes });
  }
  let meta: Metadata;
  const sharp = await loadSharp();
  try {
    meta = await sharp(data, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch {
    meta = {} as Metadata;
  }
  if (!meta.format || !ACCEPTED.includes(meta.format) || !meta.width || !meta.height) {
    throw new AppError(415, 'image_type_not_allowed', 'Upload a JPEG, PNG, WebP or GIF image.', { allowed: ACCEPTED.map((f) => `image/${f}`) });
  }
  return { width: meta.width, height: meta.height };
}

/** Writes an image as WebP no larger than px on either side (turned upright). */
export async function writeWebp(data: Buffer, px: number, file: string) {
  const sharp = await loadSharp();
  await sharp(data, { limitInputPixels: MAX_PIXELS }).rotate().resize(px, px, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toFile(file);
}

/**
 * Checks an image and writes its renditions: the row to insert is the caller's (uploadImage inserts it at once; the
 * demo seed encodes many images at a time and inserts their rows one statement after another on its transaction).
 */
export async function writeImageFiles(ctx: Ctx, storeId: string, data: Buffer): Promise<{ row: typeof productImages.$inferInsert; files: string[] }> {
  const meta = await checkImage(data, ctx.config.imageMaxBytes);
  const id = randomUUID();
  const folder = dir(ctx, storeId);
  await mkdir(folder, { recursive: true });
  const files: string[] = [];
  try {
    for (const [size, px] of Object.entries(IMAGE_SIZES)) {
      const file = path.join(folder, `${id}-${size}.webp`);
      await writeWebp(data, px, file);
      files.push(file);
    }
  } catch (err) {
    await removeFiles(files);
    throw err;
  }
  return { row: { id, storeId, width: meta.width, height: meta.height, sizeBytes: data.length, createdAt: ctx.clock.now() }, files };
}

export async function removeFiles(files: string[]) {
  await Promise.all(files.map((f) => rm(f, { force: true })));
}

export async function uploadImage(ctx: Ctx, storeId: string, data: Buffer) {
  const { row, files } = await writeImageFiles(ctx, storeId, data);
  try {
    const [saved] = await ctx.db.insert(productImages).values(row).returning();
    return publicImage(saved);
  } catch (err) {
    await removeFiles(files);
    throw err;
  }
}

/** Writes an already-made image (demo data) through the same path as an upload. */
export async function saveGeneratedImage(ctx: Ctx, storeId: string, png: Buffer) {
  return uploadImage(ctx, storeId, png);
}

export function publicImage(r: typeof productImages.$inferSelect) {
  return {
    id: r.id,
    width: r.width,
    height: r.height,
    urls: Object.fromEntries(Object.keys(IMAGE_SIZES).map((s) => [s, `/api/storefront/images/${r.id}/${s}`])) as Record<ImageSize, string>,
  };
}

export async function readImage(ctx: Ctx, imageId: string, size: ImageSize) {
  const [row] = await ctx.db.select({ storeId: productImages.storeId }).from(productImages).where(eq(productImages.id, imageId));
  if (!row) throw new NotFound('image');
  return readFile(path.join(dir(ctx, row.storeId), `${imageId}-${size}.webp`));
}

/** All the ids must be images of this store. */
export async function assertStoreImages(db: Db, storeId: string, ids: string[]) {
  if (!ids.length) return;
  const rows = await db.select({ id: productImages.id }).from(productImages).where(and(eq(productImages.storeId, storeId), inArray(productImages.id, ids)));
  const missing = ids.find((id) => !rows.some((r) => r.id === id));
  if (missing) throw new NotFound('image', { imageId: missing });
}
