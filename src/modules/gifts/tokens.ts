// Share tokens of gifts: derived from the gift's id with a secret the app made once (HMAC-SHA256, 256 bits), so
// the giver can see the link again at any time while only its SHA-256 is stored. Unknown tokens are counted per
// client address; too many in a window and look-ups are refused for a while (guessing is hopeless and slow).
import { createHmac } from 'node:crypto';
import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, TooMany } from '../../kernel/errors.ts';
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
 * The gift a share token opens (its id), or 404 gift_not_found; 429 too_many_attempts once this address missed
 * too often lately. A miss is recorded outside any transaction of the caller, so it counts even though the call fails.
 */
export async function giftIdByToken(ctx: Ctx, token: string, ip: string): Promise<string> {
  const [{ n }] = await ctx.db.select({ n: count() }).from(giftTokenMisses).where(and(eq(giftTokenMisses.ip, ip), gt(giftTokenMisses.at, windowStart(ctx))));
  if (n >= ctx.config.giftTokenMissLimit) {
    throw new TooMany('Too many unknown gift links were tried from this address: wait a few minutes and try again.', TOKEN_MISS_WINDOW_MINUTES * 60);
  }
  const [row] = TOKEN_SHAPE.test(token) ? await ctx.db.select({ id: gifts.id }).from(gifts).where(eq(gifts.tokenHash, hashToken(token))) : [];
  if (row) return row.id;
  await ctx.db.insert(giftTokenMisses).values({ ip, at: ctx.clock.now() });
  throw new GiftNotFound();
}

/** Forgets misses older than the window (the scheduler's sweep). */
export async function forgetTokenMisses(ctx: Ctx): Promise<number> {
  const gone = await ctx.db.delete(giftTokenMisses).where(lt(giftTokenMisses.at, windowStart(ctx))).returning({ id: giftTokenMisses.id });
  return gone.length;
}
