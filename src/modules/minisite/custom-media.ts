// Customisation files (M6): a mini-site's server uploads the buyer's file (an image or a PDF, checked by content, at
// most customMediaMaxBytes) and gets a media id, which the buy flow carries to the order item. The merchant downloads
// it through a link valid customFileLinkMinutes: /api/mini-site-media/<id>?expires=<unix s>&sig=<HMAC-SHA256 of id
// and expiry with an app secret>, so any process can check it and nothing is stored per link.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { appSecret } from '../../kernel/secrets.ts';
import { checkReadable, DOCUMENT_TYPES, sniffDocumentType } from '../merchants/index.ts';
import { miniSiteMedia } from './schema.ts';

const LINK_SECRET = 'mini-site-media-link';
export const MEDIA_TYPES = DOCUMENT_TYPES.map((t) => t.mime);

const mediaDir = (ctx: Ctx) => path.join(ctx.config.dataDir, 'uploads', 'mini-site-media');

/** Keeps a mini-site's upload for a buyer (or for the first buyer who uses it): its id. */
export async function uploadMedia(ctx: Ctx, miniSiteId: string, buyerId: string | null, declaredType: string | undefined, data: Buffer): Promise<{ mediaId: string }> {
  if (data.length === 0) throw new Invalid('file_empty', 'The file is empty.');
  if (data.length > ctx.config.customMediaMaxBytes) {
    throw new AppError(413, 'file_too_large', `The file is ${data.length} bytes; the limit is ${ctx.config.customMediaMaxBytes} bytes.`, { limitBytes: ctx.config.customMediaMaxBytes });
  }
  const type = sniffDocumentType(data.subarray(0, 16));
  const declared = declaredType?.split(';')[0].trim().toLowerCase();
  if (!type || type.mime !== declared) {
    throw new AppError(415, 'file_type_not_allowed', `Send a PNG, JPEG, WebP image or a PDF, with its own Content-Type (${MEDIA_TYPES.join(', ')}).`, { allowed: MEDIA_TYPES });
  }
  await checkReadable(ctx, type.ext, data, 1);
  const id = randomUUID();
  const rel = path.join(miniSiteId, `${id}.${type.ext}`);
  const full = path.join(mediaDir(ctx), rel);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, data);
  try {
    await ctx.db.insert(miniSiteMedia).values({
      id, miniSiteId, buyerId, mimeType: type.mime, sizeBytes: data.length, sha256: createHash('sha256').update(data).digest('hex'), storagePath: rel, createdAt: ctx.clock.now(),
    });
  } catch (err) {
    await rm(full, { force: true });
    throw err;
  }
  return { mediaId: id };
}

async function linkSignature(ctx: Ctx, mediaId: string, expires: number) {
  return createHmac('sha256', await appSecret(ctx.db, LINK_SECRET)).update(`${mediaId}.${expires}`).digest('base64url');
}

/** A download link of the file that works until it expires. */
export async function mediaLink(ctx: Ctx, mediaId: string): Promise<{ url: string; expiresAt: string }> {
  const expiresAt = new Date(ctx.clock.now().getTime() + ctx.config.customFileLinkMinutes * 60_000);
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return { url: `/api/mini-site-media/${mediaId}?expires=${expires}&sig=${await linkSignature(ctx, mediaId, expires)}`, expiresAt: new Date(expires * 1000).toISOString() };
}

/** The file behind a link: 403 link_expired after its time, 403 link_invalid when the signature does not match. */
export async function mediaByLink(ctx: Ctx, mediaId: string, expires: number, sig: string): Promise<{ mimeType: string; data: Buffer; fileName: string }> {
  const want = Buffer.from(await linkSignature(ctx, mediaId, expires));
  const got = Buffer.from(sig);
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw new Forbidden('This download link is not valid: ask the order page for a new one.', 'link_invalid');
  if (ctx.clock.now().getTime() > expires * 1000) throw new Forbidden('This download link has expired: open the order again for a new one.', 'link_expired');
  const [m] = await ctx.db.select().from(miniSiteMedia).where(eq(miniSiteMedia.id, mediaId));
  if (!m) throw new NotFound('media');
  return { mimeType: m.mimeType, data: await readFile(path.join(mediaDir(ctx), m.storagePath)), fileName: path.basename(m.storagePath) };
}
