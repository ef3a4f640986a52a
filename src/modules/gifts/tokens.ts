// Share tokens of gifts: derived from the gift's id with a secret the app made once (HMAC-SHA256, 256 bits), so
// the giver can see the link again at any time while only its SHA-256 is stored. Unknown tokens are counted per
// client address; too many in a window and look-ups are refused for a while (guessing is hopeless and slow).
import { createHmac } from 'node:crypto';
import { and, count, gt, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { BatchedLookup } from '../../kernel/batched-lookup.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, TooMany } from '../../kernel/errors.ts';
import { trimOldest } from '../../kernel/bounded-set.ts';
import { appSecret } from '../../kernel/secrets.ts';
import { hashToken } from '../../kernel/tokens.ts';
import { TOKEN_MISS_WINDOW_MINUTES } from './rules.ts';
import { giftTokenMisses, gifts } from './schema.ts';

const SECRET = 'gift-token';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export async function giftToken(db: Db, giftId: string): Promise<string> {
  return createHmac('sha256', await appSecret(db, SECRET)).update(`gift:${giftId}`).digest('base64url');
}

export async function giftTokenHash(db: Db, giftId: string): Promise<string> {
  return hashToken(await giftToken(db, giftId));
}

export const sharePath = (token: string) => `/g/${token}`;

export class GiftNotFound extends AppError {
  constructor() {
    super(404, 'gift_not_found', 'This gift link is unknown: check that it was copied whole.');
  }
}

const windowStart = (ctx: Ctx) => new Date(ctx.clock.now().getTime() - TOKEN_MISS_WINDOW_MINUTES * 60_000);

/**
 * The gift a share token opens (its row), or 404 gift_not_found; 429 too_many_attempts once this address missed
 * too often lately. A miss is recorded outside any transaction of the caller, so it counts even though the call fails.
 * The misses and the gift are read together (one round trip), and the links a crowd opens at the same moment (2,000
 * people claiming a group gift) share those reads: a few statements, not two per person.
 */
export async function giftByToken(ctx: Ctx, token: string, ip: string): Promise<GiftRow> {
  const reads = linkReads(ctx);
  const [n, row] = await Promise.all([reads.misses.get(ip), TOKEN_SHAPE.test(token) ? reads.gifts.get(hashToken(token)) : undefined]);
  refuseMissedTooOften(ctx, n);
  if (row) {
    knownLinks.set(token, row.id);
    trimOldest(knownLinks, KNOWN_LINKS_MAX);
    return row;
  }
  await ctx.db.insert(giftTokenMisses).values({ ip, at: ctx.clock.now() });
  throw new GiftNotFound();
}

function refuseMissedTooOften(ctx: Ctx, misses: number | undefined) {
  if ((misses ?? 0) >= ctx.config.giftTokenMissLimit) {
    throw new TooMany('Too many unknown gift links were tried from this address: wait a few minutes and try again.', TOKEN_MISS_WINDOW_MINUTES * 60);
  }
}

/**
 * The gifts of links this process opened (a token opens one gift for good: it is made from the gift's id), so that a
 * claim answered from what the process knows (a gift with no unit left) needs no read of the gift. Bounded.
 */
const knownLinks = new Map<string, string>();
const KNOWN_LINKS_MAX = 10_000;

/** The id of the gift a link this process opened before opens, without a read (undefined when not known here). */
export const knownGiftOfLink = (token: string): string | undefined => knownLinks.get(token);

/**
 * Refuses (429 too_many_attempts) an address that missed too often lately, as giftByToken does first: an answer given
 * without opening the link (knownGiftOfLink) must not tell such an address that its link exists.
 */
export async function refuseBlockedAddress(ctx: Ctx, ip: string) {
  refuseMissedTooOften(ctx, await linkReads(ctx).misses.get(ip));
}

type GiftRow = typeof gifts.$inferSelect;
const lookups = new WeakMap<Ctx, { misses: BatchedLookup<number>; gifts: BatchedLookup<GiftRow> }>();

/** The recent misses of the addresses and the gifts of the token hashes asked during one turn of the event loop. */
function linkReads(ctx: Ctx) {
  let reads = lookups.get(ctx);
  if (!reads) {
    reads = {
      misses: new BatchedLookup(async (ips) => {
        const rows = await ctx.db.select({ ip: giftTokenMisses.ip, n: count() }).from(giftTokenMisses)
          .where(and(inArray(giftTokenMisses.ip, ips), gt(giftTokenMisses.at, windowStart(ctx)))).groupBy(giftTokenMisses.ip);
        return new Map(rows.map((r) => [r.ip, r.n]));
      }),
      gifts: new BatchedLookup(async (hashes) => new Map((await ctx.db.select().from(gifts).where(inArray(gifts.tokenHash, hashes))).map((g) => [g.tokenHash, g]))),
    };
    lookups.set(ctx, reads);
  }
  return reads;
}

/** Forgets misses older than the window (the scheduler's sweep). */
export async function forgetTokenMisses(ctx: Ctx): Promise<number> {
  const gone = await ctx.db.delete(giftTokenMisses).where(lt(giftTokenMisses.at, windowStart(ctx))).returning({ id: giftTokenMisses.id });
  return gone.length;
}
