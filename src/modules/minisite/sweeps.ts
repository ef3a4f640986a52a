// The scheduler's part of links: invitations nobody answered in time expire.
import { and, eq, lte } from 'drizzle-orm';
import { fixedIn } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { applyMove } from './links.ts';
import { miniSiteLinks } from './schema.ts';

/** Expires up to `limit` pending invitations past their time; each in its own transaction, rows taken with SKIP LOCKED. */
export async function sweepLinkExpiry(ctx: Ctx, limit: number): Promise<number> {
  const due = await ctx.db.select({ id: miniSiteLinks.id }).from(miniSiteLinks)
    .where(and(fixedIn(miniSiteLinks.state, ['pending']), lte(miniSiteLinks.expiresAt, ctx.clock.now()))).orderBy(miniSiteLinks.expiresAt).limit(limit);
  let moved = 0;
  for (const d of due) {
    moved += await inTransaction(ctx, async (tx) => {
      const [link] = await tx.select().from(miniSiteLinks)
        .where(and(eq(miniSiteLinks.id, d.id), eq(miniSiteLinks.state, 'pending'), lte(miniSiteLinks.expiresAt, ctx.clock.now())))
        .for('update', { skipLocked: true });
      if (!link) return 0;
      await applyMove(ctx, tx, 'system', link, 'expire');
      return 1;
    });
  }
  return moved;
}
