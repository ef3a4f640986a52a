// Coupons: the merchant's offers (create, list with claimed/used counts, view, void), buyers' claims (a guarded
// update of `claimed`, the per-person limit held by the unique (coupon_id, buyer_id, seq)), "my coupons", and the
// scheduler's sweeps (offers moved by their claim windows, held coupons expired after their use windows).
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, statementRefusal, type Db } from '../../db/client.ts';
import { claimKeyLastSql, keySeenSql, refusedUnlessAnswered, storedAnswer, type Answer, type RequestKey } from '../../kernel/idempotency.ts';
import { BoundedSet } from '../../kernel/bounded-set.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { products } from '../catalog/schema.ts';
import { memberLevel } from '../membership/reads.ts';
import { couponMachine, heldCouponMachine, stateByWindow, useWindowOf, validateOffer, type OfferInput, type UseWindowFacts } from './rules.ts';
import { couponProducts, coupons, heldCoupons, type CouponState, type HeldCouponState } from './schema.ts';

type CouponRow = typeof coupons.$inferSelect;
type HeldRow = typeof heldCoupons.$inferSelect;
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** What everyone may know of an offer (the store page, the component, the buyer's list). */
export function offerView(c: CouponRow, productIds: string[]) {
  return {
    id: c.id, storeId: c.storeId, title: c.title, scope: c.scope, kind: c.kind, payBp: c.payBp, threshold: c.threshold, amount: c.amount,
    currency: c.currency, audience: c.audience, minLevel: c.minLevel, state: c.state, totalQuantity: c.totalQuantity, claimed: c.claimed,
    remaining: c.totalQuantity - c.claimed, perPersonLimit: c.perPersonLimit, productIds,
    claimStartsAt: c.claimStartsAt.toISOString(), claimEndsAt: c.claimEndsAt.toISOString(), useWindow: c.useWindow,
    useStartsAt: iso(c.useStartsAt), useEndsAt: iso(c.useEndsAt), useDays: c.useDays,
  };
}

function merchantView(c: CouponRow, productIds: string[]) {
  return { ...offerView(c, productIds), used: c.used, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() };
}

async function productIdsOf(db: Db, ids: string[]) {
  const map = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (!ids.length) return map;
  const rows = await db.select().from(couponProducts).where(inArray(couponProducts.couponId, ids)).orderBy(asc(couponProducts.productId));
  for (const r of rows) map.get(r.couponId)?.push(r.productId);
  return map;
}

export type CreateInput = Omit<OfferInput, 'claimStartsAt' | 'claimEndsAt' | 'useStartsAt' | 'useEndsAt'> & {
  claimStartsAt: string; claimEndsAt: string; useStartsAt?: string | null; useEndsAt?: string | null;
};

const date = (s: string | null | undefined) => (s ? new Date(s) : null);

/** A new offer: valid (rules.ts), its products the store's own; scheduled or active by its claim window. Audited. */
export async function createCoupon(ctx: Ctx, tx: Db, actor: Actor, storeId: string, input: CreateInput) {
  const offer: OfferInput = {
    ...input, claimStartsAt: new Date(input.claimStartsAt), claimEndsAt: new Date(input.claimEndsAt),
    useStartsAt: date(input.useStartsAt), useEndsAt: date(input.useEndsAt),
  };
  validateOffer(offer, ctx.config.couponFlatMax);
  const productIds = [...new Set(input.productIds ?? [])];
  if (productIds.length) {
    const own = await tx.select({ id: products.id }).from(products).where(and(eq(products.storeId, storeId), inArray(products.id, productIds)));
    if (own.length !== productIds.length) throw new Invalid('coupon_products_invalid', "A coupon's products are the store's own.");
  }
  const now = ctx.clock.now();
  const state = stateByWindow(now, offer.claimStartsAt, offer.claimEndsAt);
  if (state === 'expired') throw new Invalid('coupon_windows_invalid', 'The claim window is already over.');
  const fixed = offer.useWindow === 'fixed';
  const [row] = await tx.insert(coupons).values({
    id: randomUUID(), storeId, title: input.title, scope: input.scope, kind: input.kind, payBp: input.kind === 'percent' ? input.payBp! : null,
    threshold: input.kind === 'spend_off' ? input.threshold ?? 0 : 0, amount: input.kind === 'percent' ? 0 : input.amount ?? 0,
    currency: 'CNY', audience: input.audience, minLevel: input.audience === 'members' ? input.minLevel! : null, state,
    totalQuantity: input.totalQuantity, perPersonLimit: input.perPersonLimit ?? 1,
    claimStartsAt: offer.claimStartsAt, claimEndsAt: offer.claimEndsAt, useWindow: offer.useWindow,
    useStartsAt: fixed ? offer.useStartsAt! : null, useEndsAt: fixed ? offer.useEndsAt! : null, useDays: fixed ? null : offer.useDays!,
    createdBy: actor.kind === 'user' ? actor.userId : null, createdAt: now, updatedAt: now,
  }).returning();
  if (productIds.length) await tx.insert(couponProducts).values(productIds.map((productId) => ({ storeId, couponId: row.id, productId })));
  await recordAudit(tx, actor, {
    action: 'coupon.created', entityType: 'coupon', entityId: row.id, storeId, summary: row.title,
    after: { kind: row.kind, audience: row.audience, totalQuantity: row.totalQuantity, payBp: row.payBp, threshold: row.threshold, amount: row.amount },
  }, now);
  return merchantView(row, productIds);
}

async function storeCoupon(db: Db, storeId: string, id: string) {
  const [c] = await db.select().from(coupons).where(and(eq(coupons.id, id), eq(coupons.storeId, storeId)));
  if (!c) throw new NotFound('coupon');
  return c;
}

/** One of the store's offers with its counts; another store's is "not found". */
export async function getCoupon(db: Db, storeId: string, id: string) {
  const c = await storeCoupon(db, storeId, id);
  return merchantView(c, (await productIdsOf(db, [c.id])).get(c.id)!);
}

/** The store's offers, newest first, with claimed and used counts. */
export async function listCoupons(db: Db, storeId: string, q: { state?: CouponState; limit: number; offset: number }) {
  const where = and(eq(coupons.storeId, storeId), q.state ? eq(coupons.state, q.state) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(coupons).where(where).orderBy(desc(coupons.createdAt), desc(coupons.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(coupons).where(where),
  ]);
  const ids = await productIdsOf(db, rows.map((r) => r.id));
  return { total: Number(n), items: rows.map((r) => merchantView(r, ids.get(r.id)!)) };
}

/** Voids an offer (no more claims) and the coupons buyers hold unused; locked and used ones stay. Audited. */
export async function voidCoupon(ctx: Ctx, actor: Actor, storeId: string, id: string) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [c] = await tx.select().from(coupons).where(and(eq(coupons.id, id), eq(coupons.storeId, storeId))).for('update');
    if (!c) throw new NotFound('coupon');
    const to = couponMachine.transition(c.state, 'void');
    const [row] = await tx.update(coupons).set({ state: to, updatedAt: now }).where(eq(coupons.id, id)).returning();
    const voided = await tx.update(heldCoupons).set({ state: heldCouponMachine.transition('unused', 'void'), updatedAt: now })
      .where(and(eq(heldCoupons.couponId, id), eq(heldCoupons.state, 'unused'))).returning({ id: heldCoupons.id });
    await recordAudit(tx, actor, { action: 'coupon.voided', entityType: 'coupon', entityId: id, storeId, summary: c.title, before: { state: c.state }, after: { state: to, heldVoided: voided.length } }, now);
    return merchantView(row, (await productIdsOf(tx, [id])).get(id)!);
  });
}

/** A store's offers a buyer may claim now (in-store and member-only, active, not sold out); optionally those for one product. */
export async function claimableCoupons(ctx: Ctx, storeId: string, q: { productId?: string; buyerId?: string }) {
  const now = ctx.clock.now();
  const forProduct: SQL | undefined = q.productId
    ? sql`(${coupons.scope} = 'store' or exists (select 1 from coupon_products p where p.coupon_id = ${coupons.id} and p.product_id = ${q.productId}))`
    : undefined;
  const rows = await ctx.db.select().from(coupons).where(and(
    eq(coupons.storeId, storeId), eq(coupons.state, 'active'), inArray(coupons.audience, ['all', 'members']),
    sql`${coupons.claimed} < ${coupons.totalQuantity} and ${coupons.claimStartsAt} <= ${now} and ${coupons.claimEndsAt} > ${now}`, forProduct,
  )).orderBy(asc(coupons.claimEndsAt), asc(coupons.id)).limit(50);
  const ids = await productIdsOf(ctx.db, rows.map((r) => r.id));
  const held = new Map<string, number>();
  if (q.buyerId && rows.length) {
    const mine = await ctx.db.select({ couponId: heldCoupons.couponId, n: count() }).from(heldCoupons)
      .where(and(eq(heldCoupons.buyerId, q.buyerId), inArray(heldCoupons.couponId, rows.map((r) => r.id)))).groupBy(heldCoupons.couponId);
    for (const m of mine) held.set(m.couponId, Number(m.n));
  }
  return { items: rows.map((r) => ({ ...offerView(r, ids.get(r.id)!), heldByMe: held.get(r.id) ?? 0 })) };
}

/** One offer as anyone may see it (the <store-coupon> component); voided and sign-up gifts are "not found". */
export async function publicCoupon(db: Db, id: string) {
  const [c] = await db.select().from(coupons).where(eq(coupons.id, id));
  if (!c || c.audience === 'signup_gift' || c.state === 'voided') throw new NotFound('coupon');
  return offerView(c, (await productIdsOf(db, [id])).get(id)!);
}

/**
 * One statement: takes one of the offer's coupons (claimed + 1 while claimed < total, the offer active and its claim
 * window open) and gives the buyer their `seq`-th (unique per coupon and buyer, never above the per-person limit).
 * Answers whether a coupon was taken and the held coupon's id (null when the person's `seq` was taken meanwhile).
 * For a buyer's claim (`answer`: the held coupon's view, made before the statement) it is the whole claim, with no
 * transaction around it, so the offer's row is held for this one statement: it also claims the Idempotency-Key with
 * the answer (nothing is taken when the key was used before; `seen`), and aborts itself (trio_refuse) when the
 * person's `seq` or the key was taken meanwhile, so that nothing is left taken.
 */
function takeSql(now: Date, coupon: UseWindowFacts & { id: string }, buyerId: string, source: 'claimed' | 'signup' | 'sent', seq: number, answer?: { body: object; k: RequestKey | null }) {
  const go = answer?.k ? sql`not (select seen from seen)` : sql`true`;
  const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  // The held coupon's use window: the one rule (rules.ts useWindowOf), from the offer as read before the statement.
  const w = useWindowOf(coupon, now);
  const couponId = coupon.id;
  return sql`with ${answer?.k ? sql`seen as (select ${keySeenSql(answer.k)} as seen),` : sql``}
    c as (
      update coupons set claimed = claimed + 1, updated_at = ${now}
      where id = ${couponId} and claimed < total_quantity and state = 'active' and claim_starts_at <= ${now} and claim_ends_at > ${now}
        and per_person_limit >= ${seq} and ${go}
      returning id, store_id, claimed, total_quantity),
    h as (
      insert into held_coupons (id, store_id, coupon_id, buyer_id, state, source, seq, valid_from, valid_until, claimed_at, updated_at)
      select gen_random_uuid(), c.store_id, c.id, ${buyerId}, 'unused', ${source}, ${seq}, ${w.validFrom}, ${w.validUntil}, ${now}, ${now}
      from c on conflict do nothing returning id, valid_from, valid_until)
    ${answer ? sql`, ans as (
      select jsonb_set(${JSON.stringify(answer.body)}::jsonb, '{coupon}', ${JSON.stringify(answer.body)}::jsonb->'coupon'
          || jsonb_build_object('claimed', c.claimed, 'remaining', c.total_quantity - c.claimed))
        || jsonb_build_object('id', h.id, 'validFrom', ${iso(sql`h.valid_from`)}, 'validUntil', ${iso(sql`h.valid_until`)}) as body
      from c, h),
    claim as (${answer.k ? claimKeyLastSql(answer.k, now, sql`(select body from ans)`, sql`exists (select 1 from h)`) : sql`select 1 as ok`})` : sql``}
    select (select count(*) from c)::int as took, h.id as "heldId", h.valid_from as "validFrom", h.valid_until as "validUntil",
      (select claimed from c) as claimed${answer ? sql`, ${answer.k ? sql`(select seen from seen)` : sql`false`} as seen,
      case when exists (select 1 from c) and not exists (select 1 from h) then trio_refuse('coupon_limit_reached')
        when exists (select 1 from h) and not exists (select 1 from claim) then trio_refuse('idempotency_key_taken')
        else (select body from ans)::text end as answer` : sql``}
    from (select 1) one left join h on true`;
}

/**
 * Why this buyer cannot claim this offer now, from plain reads (no lock, no transaction: late claimers are answered
 * without waiting for the offer's row or a pooled connection held by those who are), or null. 404 for what may
 * not be claimed at all; 409 coupon_not_claimable outside the claim window, coupon_sold_out, coupon_limit_reached;
 * 403 for a member-only offer the buyer's level does not reach.
 */
export async function claimRefusal(db: Db, now: Date, buyerId: string, couponId: string) {
  const [c] = await db.select().from(coupons).where(eq(coupons.id, couponId));
  if (!c || c.audience === 'signup_gift' || c.state === 'voided') return { error: new NotFound('coupon'), coupon: c };
  const open = c.state === 'active' && c.claimStartsAt <= now && c.claimEndsAt > now;
  if (!open) return { error: new Conflict('coupon_not_claimable', c.claimStartsAt > now ? 'Claiming has not started yet.' : 'Claiming is over.', { claimStartsAt: c.claimStartsAt.toISOString(), claimEndsAt: c.claimEndsAt.toISOString() }), coupon: c };
  if (c.claimed >= c.totalQuantity) return { error: soldOut(), coupon: c };
  if (c.audience === 'members') {
    const level = await memberLevel(db, c.storeId, buyerId);
    if (level === null) return { error: new Forbidden('This coupon is for members of the store: join first.', 'coupon_members_only'), coupon: c };
    if (level < (c.minLevel ?? 1)) return { error: new Forbidden(`This coupon is for members from level ${c.minLevel}.`, 'coupon_level_too_low'), coupon: c };
  }
  const [{ n }] = await db.select({ n: sql<number>`coalesce(max(${heldCoupons.seq}), 0)::int` }).from(heldCoupons)
    .where(and(eq(heldCoupons.couponId, couponId), eq(heldCoupons.buyerId, buyerId)));
  const seq = Number(n) + 1;
  if (seq > c.perPersonLimit) return { error: limitReached(c.perPersonLimit), coupon: c };
  const productIds = c.scope === 'product' ? (await productIdsOf(db, [c.id])).get(c.id)! : [];
  return { error: null, coupon: c, seq, productIds };
}

const soldOut = () => new Conflict('coupon_sold_out', 'Every coupon of this offer has been claimed.');
const limitReached = (perPersonLimit: number) => new Conflict('coupon_limit_reached', `Each person may claim ${perPersonLimit} of this coupon.`, { perPersonLimit });

/**
 * Offers found with every coupon claimed. Claimed never goes down and an offer's total never changes, so "sold out"
 * once read is true for good, in every process: a late claimer is answered from here without a read, a statement
 * on the offer's row or a pooled connection. Bounded (the oldest forgotten first: they are only read again).
 */
const soldOutOffers = new BoundedSet<string>(10_000);

type Claimed = ReturnType<typeof heldView>;

/**
 * A buyer claims one coupon of an offer, exactly under any concurrency: refused from plain reads first (late
 * claimers of a sold-out offer from memory), then one guarded statement with no transaction around it (takeSql),
 * which holds the offer's row only while it runs. A refusal of a request whose Idempotency-Key was answered
 * before replays that answer; a buyer whose own concurrent claim took this place is 409 coupon_limit_reached.
 */
export async function claimCoupon(ctx: Ctx, buyerId: string, couponId: string, k: RequestKey | null): Promise<Answer<Claimed> & { replayed: boolean }> {
  const now = ctx.clock.now();
  const refused = (error: Error) => refusedUnlessAnswered<Claimed>(ctx.db, k, error);
  if (soldOutOffers.has(couponId)) return refused(soldOut());
  const r = await claimRefusal(ctx.db, now, buyerId, couponId);
  if (r.error) {
    if (r.error.code === 'coupon_sold_out') soldOutOffers.add(couponId);
    return refused(r.error);
  }
  const c = r.coupon;
  // The answer as the statement will complete it (the held coupon's id and use window, the offer's count).
  const body: Claimed = {
    id: '', state: 'unused', source: 'claimed', validFrom: '', validUntil: '', claimedAt: now.toISOString(), usedAt: null, orderId: null, coupon: offerView(c, r.productIds),
  };
  let took: { took: number; seen: boolean; answer: string | null } | undefined;
  try {
    [took] = await queryRows<{ took: number; seen: boolean; answer: string | null }>(ctx.db, takeSql(now, c, buyerId, 'claimed', r.seq, { body, k }));
  } catch (err) {
    const reason = statementRefusal(err);
    if (reason === 'idempotency_key_taken') return { ...(await storedAnswer<Claimed>(ctx.db, k!)), replayed: true };
    if (reason === 'coupon_limit_reached') return refused(limitReached(c.perPersonLimit));
    throw err;
  }
  if (took.seen) return { ...(await storedAnswer<Claimed>(ctx.db, k!)), replayed: true };
  if (!took.took) return refused(soldOut());
  return { status: 201, body: JSON.parse(took.answer!) as Claimed, replayed: false };
}

function heldView(h: HeldRow, c: CouponRow, productIds: string[]) {
  return {
    id: h.id, state: h.state, source: h.source, validFrom: h.validFrom.toISOString(), validUntil: h.validUntil.toISOString(),
    claimedAt: h.claimedAt.toISOString(), usedAt: iso(h.usedAt), orderId: h.orderId, coupon: offerView(c, productIds),
  };
}

/** One held coupon of the buyer's. */
export async function heldCoupon(db: Db, buyerId: string, id: string) {
  const [r] = await db.select().from(heldCoupons).innerJoin(coupons, eq(coupons.id, heldCoupons.couponId))
    .where(and(eq(heldCoupons.id, id), eq(heldCoupons.buyerId, buyerId)));
  if (!r) throw new NotFound('held_coupon');
  return heldView(r.held_coupons, r.coupons, (await productIdsOf(db, [r.coupons.id])).get(r.coupons.id)!);
}

/** The buyer's own coupons, by state (usable first by when they end). */
export async function myCoupons(db: Db, buyerId: string, q: { state?: HeldCouponState; storeId?: string; limit: number; offset: number }) {
  const where = and(eq(heldCoupons.buyerId, buyerId), q.state ? eq(heldCoupons.state, q.state) : undefined, q.storeId ? eq(heldCoupons.storeId, q.storeId) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(heldCoupons).innerJoin(coupons, eq(coupons.id, heldCoupons.couponId)).where(where)
      .orderBy(sql`${heldCoupons.state} <> 'unused'`, asc(heldCoupons.validUntil), asc(heldCoupons.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(heldCoupons).where(where),
  ]);
  const ids = await productIdsOf(db, [...new Set(rows.map((r) => r.coupons.id))]);
  return { total: Number(n), items: rows.map((r) => heldView(r.held_coupons, r.coupons, ids.get(r.coupons.id)!)) };
}

/**
 * The sign-up gift: the program's coupon given to a new member, once (seq 1 of a sign-up coupon is unique), while it
 * has stock. In the outbox sweep's transaction. A duplicate racing past the first look throws: the retry finds the gift.
 */
export async function giveSignupCoupon(tx: Db, now: Date, storeId: string, buyerId: string) {
  const [p] = await queryRows<{ couponId: string | null }>(tx, sql`select signup_coupon_id as "couponId" from membership_programs where store_id = ${storeId}`);
  if (!p?.couponId) return null;
  const [c] = await tx.select().from(coupons).where(eq(coupons.id, p.couponId));
  if (!c || c.audience !== 'signup_gift' || c.storeId !== storeId) return null;
  const [given] = await tx.select({ id: heldCoupons.id }).from(heldCoupons).where(and(eq(heldCoupons.couponId, p.couponId), eq(heldCoupons.buyerId, buyerId)));
  if (given) return given.id;
  const [r] = await queryRows<{ took: number; heldId: string | null }>(tx, takeSql(now, c, buyerId, 'signup', 1));
  if (r.took && !r.heldId) throw new Error('sign-up coupon given concurrently; retried');
  return r.heldId;
}

/**
 * A coupon the store sends to a buyer (to lapsed buyers of a product): taken like a claim (one of the offer's stock,
 * the buyer's next place under the per-person limit, the offer active and its claim window open), in the caller's
 * transaction. Null when none can be given: none left, the buyer holds all they may, the offer not claimable now.
 */
export async function sendCoupon(tx: Db, now: Date, couponId: string, buyerId: string): Promise<{ heldId: string; title: string; validUntil: Date } | null> {
  const [c] = await tx.select().from(coupons).where(eq(coupons.id, couponId));
  if (!c || c.audience === 'signup_gift') return null;
  const [{ n }] = await tx.select({ n: sql<number>`coalesce(max(${heldCoupons.seq}), 0)::int` }).from(heldCoupons)
    .where(and(eq(heldCoupons.couponId, couponId), eq(heldCoupons.buyerId, buyerId)));
  const seq = Number(n) + 1;
  if (seq > c.perPersonLimit) return null;
  const [r] = await queryRows<{ took: number; heldId: string | null; validUntil: Date | string | null }>(tx, takeSql(now, c, buyerId, 'sent', seq));
  if (r.took && !r.heldId) throw new Error('coupon sent concurrently; retried');
  return r.heldId ? { heldId: r.heldId, title: c.title, validUntil: new Date(r.validUntil!) } : null;
}

/** Offers moved by their claim windows: scheduled -> active -> expired. */
export async function sweepCouponOffers(ctx: Ctx, limit: number) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const due = await queryRows<{ id: string; state: CouponState; claimStartsAt: Date | string; claimEndsAt: Date | string }>(tx, sql`
      select id, state, claim_starts_at as "claimStartsAt", claim_ends_at as "claimEndsAt" from coupons
      where (state = 'scheduled' and claim_starts_at <= ${now}) or (state = 'active' and claim_ends_at <= ${now})
      order by claim_starts_at limit ${limit} for update skip locked`);
    for (const d of due) {
      const target = stateByWindow(now, new Date(d.claimStartsAt), new Date(d.claimEndsAt));
      const to = couponMachine.transition(d.state, target === 'expired' ? 'end' : 'start');
      await tx.update(coupons).set({ state: to, updatedAt: now }).where(eq(coupons.id, d.id));
    }
    return due.length;
  });
}

/** Held coupons past their use window, unused: expired. */
export async function sweepHeldCouponExpiry(ctx: Ctx, limit: number) {
  const now = ctx.clock.now();
  const to = heldCouponMachine.transition('unused', 'expire');
  const rows = await queryRows<{ id: string }>(ctx.db, sql`
    update held_coupons set state = ${to}, updated_at = ${now} where id in (
      select id from held_coupons where state = 'unused' and valid_until <= ${now} order by valid_until limit ${limit} for update skip locked)
    returning id`);
  return rows.length;
}
