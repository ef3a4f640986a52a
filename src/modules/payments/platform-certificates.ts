// WeChat Pay's platform certificates on Trio's side: downloaded from /v3/certificates (decrypted with the API v3 key,
// the answer verified), kept in a table that every process reads, downloaded again on a schedule by whichever
// process's scheduler takes the due row first.
import { X509Certificate } from 'node:crypto';
import { and, desc, eq, gt, lte } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { PlatformCertificate, TrustedKeys, WechatPayClient } from './wechatpay/client.ts';
import { keyOfSerial, type PlatformKey } from './wechatpay/sign.ts';
import { wechatpayCertificateRefresh, wechatpayPlatformCertificates } from './certificates-schema.ts';

/** A process looks in the table again for a serial it does not know at most this often (a cache throttle, wall time). */
const RELOAD_UNKNOWN_SERIAL_MS = 5_000;
/** A failed download is tried again after this long. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/** Keeps downloaded certificates (upsert by serial); they stay until they expire. */
export async function saveCertificates(db: Db, mchid: string, list: PlatformCertificate[], now: Date) {
  for (const c of list) {
    const row = { mchid, certificate: c.pem, effectiveAt: c.effectiveAt, expiresAt: c.expiresAt, downloadedAt: now };
    await db.insert(wechatpayPlatformCertificates).values({ serialNo: c.serial.toUpperCase(), ...row })
      .onConflictDoUpdate({ target: wechatpayPlatformCertificates.serialNo, set: row });
  }
}

/** The certificates of this merchant not yet expired, newest first. */
async function loadKeys(db: Db, mchid: string, now: Date): Promise<PlatformKey[]> {
  const rows = await db.select().from(wechatpayPlatformCertificates)
    .where(and(eq(wechatpayPlatformCertificates.mchid, mchid), gt(wechatpayPlatformCertificates.expiresAt, now)))
    .orderBy(desc(wechatpayPlatformCertificates.effectiveAt));
  return rows.map((r) => ({ serial: r.serialNo, publicKey: new X509Certificate(r.certificate).publicKey }));
}

export type CertificateTrust = TrustedKeys & { reload(): Promise<PlatformKey[]> };

/**
 * The downloaded certificates as the client's trusted keys, cached in the process: read again when a serial is not
 * known (another process may have downloaded it; at most every few seconds) and once per refresh period.
 */
export function certificateTrust(ctx: Ctx, mchid: string): CertificateTrust {
  let cache: { at: number; keys: PlatformKey[] } | undefined;
  const periodMs = ctx.config.wechatpay.certificateRefreshMinutes * 60_000;
  const reload = async () => {
    const keys = await loadKeys(ctx.db, mchid, ctx.clock.now());
    cache = { at: performance.now(), keys };
    return keys;
  };
  return {
    reload,
    async keys(serial?: string) {
      const age = cache ? performance.now() - cache.at : Infinity;
      const unknown = serial !== undefined && cache && !keyOfSerial(cache.keys, serial);
      if (!cache || age > periodMs || (unknown && age > RELOAD_UNKNOWN_SERIAL_MS)) return reload();
      return cache.keys;
    },
  };
}

/** Downloads the certificates now and keeps them (the next download is due a refresh period later); the trust reads them at once. */
export async function downloadCertificates(ctx: Ctx, client: Pick<WechatPayClient, 'downloadCertificates' | 'keys'>, trust: CertificateTrust) {
  const list = await client.downloadCertificates();
  const now = ctx.clock.now();
  await saveCertificates(ctx.db, client.keys.mchid, list, now);
  const done = { dueAt: nextDue(ctx, now), lastSuccessAt: now, lastError: null };
  await ctx.db.insert(wechatpayCertificateRefresh).values({ id: 1, ...done }).onConflictDoUpdate({ target: wechatpayCertificateRefresh.id, set: done });
  await trust.reload();
  return list;
}

const nextDue = (ctx: Ctx, now: Date) => new Date(now.getTime() + ctx.config.wechatpay.certificateRefreshMinutes * 60_000);

/**
 * The scheduled download: the process that moves the due time forward (a guarded update) downloads; the others see
 * nothing due. A failure is logged and tried again a minute later. Returns how many certificates were kept.
 */
export async function refreshWhenDue(ctx: Ctx, download: () => Promise<PlatformCertificate[]>, log?: FastifyBaseLogger): Promise<number> {
  const now = ctx.clock.now();
  const t = wechatpayCertificateRefresh;
  await ctx.db.insert(t).values({ id: 1, dueAt: now }).onConflictDoNothing();
  const [taken] = await ctx.db.update(t).set({ dueAt: nextDue(ctx, now) }).where(and(eq(t.id, 1), lte(t.dueAt, now))).returning({ id: t.id });
  if (!taken) return 0;
  try {
    return (await download()).length;
  } catch (err) {
    log?.warn({ err }, 'downloading the WeChat Pay platform certificates failed; trying again in a minute');
    await ctx.db.update(t).set({ dueAt: new Date(now.getTime() + RETRY_AFTER_FAILURE_MS), lastError: String((err as Error).message).slice(0, 500) }).where(eq(t.id, 1));
    return 0;
  }
}
