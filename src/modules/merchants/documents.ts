// Qualification documents: uploaded files kept under the data directory, checked by content, not by name.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, Invalid, NotFound } from '../../kernel/errors.ts';
import { loadSharp } from '../../kernel/sharp.ts';
import { qualificationDocuments } from './schema.ts';
import { DOCUMENT_TYPES, pdfLooksWhole, sniffDocumentType } from './rules.ts';

export type Upload = { kind: string; fileName: string; data: Buffer };

export function documentsDir(ctx: Ctx) {
  return path.join(ctx.config.dataDir, 'uploads', 'qualifications');
}

export async function uploadDocument(ctx: Ctx, userId: string, storeId: string, up: Upload) {
  if (up.data.length === 0) throw new Invalid('file_empty', 'The file is empty: choose the scanned document again.');
  if (up.data.length > ctx.config.uploadMaxBytes) {
    throw new AppError(413, 'file_too_large', `The file is ${up.data.length} bytes; the limit is ${ctx.config.uploadMaxBytes} bytes.`, { limitBytes: ctx.config.uploadMaxBytes });
  }
  const type = sniffDocumentType(up.data.subarray(0, 16));
  if (!type) {
    throw new AppError(415, 'file_type_not_allowed', `Only ${DOCUMENT_TYPES.map((t) => t.ext.toUpperCase()).join(', ')} files are accepted as qualification documents.`, {
      allowed: DOCUMENT_TYPES.map((t) => t.mime),
    });
  }
  await checkReadable(ctx, type.ext, up.data);
  const id = randomUUID();
  const rel = path.join(storeId, `${id}.${type.ext}`);
  const full = path.join(documentsDir(ctx), rel);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, up.data);
  try {
    const [row] = await ctx.db
      .insert(qualificationDocuments)
      .values({
        id,
        storeId,
        kind: up.kind,
        fileName: up.fileName.slice(0, 200),
        mimeType: type.mime,
        sizeBytes: up.data.length,
        sha256: createHash('sha256').update(up.data).digest('hex'),
        storagePath: rel,
        uploadedBy: userId,
        createdAt: ctx.clock.now(),
      })
      .returning();
    return publicDocument(row);
  } catch (err) {
    await rm(full, { force: true });
    throw err;
  }
}

/**
 * The operator (or a merchant) must be able to read the file: an image that decodes at a readable size (each side at
 * least `min` pixels), or a whole PDF with a page. Also checks mini-sites' customisation files.
 */
export async function checkReadable(ctx: Ctx, ext: (typeof DOCUMENT_TYPES)[number]['ext'], data: Buffer, min = ctx.config.documentMinSidePx) {
  if (ext === 'pdf') {
    if (!pdfLooksWhole(data, (b) => inflateSync(b, { maxOutputLength: 16 * 1024 * 1024 }))) {
      throw new Invalid('document_unreadable', 'This PDF cannot be opened (it is cut short, damaged or has no page): export or scan it again.');
    }
    return;
  }
  const sharp = await loadSharp();
  const meta = await sharp(data, { limitInputPixels: 100_000_000 }).metadata().catch(() => undefined);
  const format = meta?.format === 'jpeg' ? 'jpg' : meta?.format;
  if (!meta?.width || !meta.height || format !== ext) {
    throw new Invalid('document_unreadable', 'This image cannot be opened (it is cut short or damaged): take the photo or scan again.');
  }
  // sharp reads the header only: decode the pixels too, so a file cut short after its header is refused.
  const whole = await sharp(data, { limitInputPixels: 100_000_000 }).stats().then(() => true, () => false);
  if (!whole) throw new Invalid('document_unreadable', 'This image cannot be opened (it is cut short or damaged): take the photo or scan again.');
  if (Math.min(meta.width, meta.height) < min) {
    throw new Invalid('document_unreadable', `This image is ${meta.width}×${meta.height} pixels: too small to read. Send a scan at least ${min} pixels on each side.`, { minSidePx: min });
  }
}

export function publicDocument(d: typeof qualificationDocuments.$inferSelect) {
  return { id: d.id, kind: d.kind, fileName: d.fileName, mimeType: d.mimeType, sizeBytes: d.sizeBytes, createdAt: d.createdAt.toISOString() };
}

export async function listDocuments(ctx: Ctx, storeId: string) {
  const rows = await ctx.db.select().from(qualificationDocuments).where(eq(qualificationDocuments.storeId, storeId));
  return rows.map(publicDocument);
}

export async function readDocument(ctx: Ctx, storeId: string | undefined, documentId: string) {
  const where = storeId
    ? and(eq(qualificationDocuments.id, documentId), eq(qualificationDocuments.storeId, storeId))
    : eq(qualificationDocuments.id, documentId);
  const [d] = await ctx.db.select().from(qualificationDocuments).where(where);
  if (!d) throw new NotFound('document');
  return { doc: publicDocument(d), data: await readFile(path.join(documentsDir(ctx), d.storagePath)) };
}
