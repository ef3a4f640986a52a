// How gifts read. The giver sees what it paid, who claimed and the orders' states, never an address; the
// recipient sees the product, the giver and the message, never a price.
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { together, type Db } from '../../db/client.ts';
import { NotFound } from '../../kernel/errors.ts';
import { skuFacts } from '../catalog/index.ts';
import { giftOrderFacts, type ShipmentParcel } from '../orders/index.ts';
import { afterSalesOfOrders } from '../aftersales/money.ts';
import { askableItems } from '../aftersales/views.ts';
import type { AfterSaleState, AfterSaleType } from '../aftersales/schema.ts';
import type { OrderState } from '../orders/schema.ts';
import { giftClaims, giftEntries, gifts, GIFT_STATE_CODES, type CLAIM_STATES, type LotteryDraw, type PlacedSticker } from './schema.ts';
import { giftToken, sharePath } from './tokens.ts';

export type GiftRow = typeof gifts.$inferSelect;
export type DrawView = LotteryDraw & { winnerNames: string[]; winnerCount: number; participantCount: number; namesHidden: boolean };

export type SentGift = {
  id: string; state: GiftRow['state']; stateCode: number; kind: GiftRow['kind']; source: GiftRow['source']; storeId: string; productId: string;
  title: string; imageId: string | null; skuId: string; attrs: Record<string, string>; unitQuantity: number; units: number; unitsClaimed: number;
  unitsReturned: number; unitPrice: number; amount: number; discount: number; pointsSpent: number; currency: string; message: string; receiverName: string | null; cardId: string | null;
  cardLanguage: GiftRow['cardLanguage']; stickers: PlacedSticker[]; channel: GiftRow['channel']; shopId: string | null; paymentId: string | null; sharePath: string | null; createdAt: string;
  paidAt: string | null; expiresAt: string | null; joinDeadline: string | null; entries: number; draw: DrawView | null;
  claims: {
    claimantName: string; state: (typeof CLAIM_STATES)[number]; claimedAt: string | null; orderState: OrderState | null;
    /** The recipient's after-sales request of the claim's order, the latest (its state only: never an address). */
    afterSale: { type: AfterSaleType; state: AfterSaleState } | null;
  }[];
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A gift's link can be shared once it is paid (a free gift at once) and until it is over. */
export const linkOpen = (g: Pick<GiftRow, 'state'>) => g.state !== 'awaiting_payment' && g.state !== 'cancelled';

/**
 * The lottery's record with the winners' names (from the entries). Who took no part in it (a stranger holding the
 * link) sees the counts and the seed, not who joined or won: `namesHidden`, and no names or ids.
 */
export function drawView(draw: LotteryDraw | null, names: Map<string, string>, opts: { namesShown: boolean } = { namesShown: true }): DrawView | null {
  if (!draw) return null;
  const counts = { winnerCount: draw.winners.length, participantCount: draw.participants.length };
  if (!opts.namesShown) return { ...draw, participants: [], winners: [], winnerNames: [], ...counts, namesHidden: true };
  return { ...draw, winnerNames: draw.winners.map((id) => names.get(id) ?? ''), ...counts, namesHidden: false };
}

async function entryNames(db: Db, giftIds: string[]) {
  const rows = giftIds.length ? await db.select({ giftId: giftEntries.giftId, buyerId: giftEntries.buyerId, name: giftEntries.buyerName }).from(giftEntries).where(inArray(giftEntries.giftId, giftIds)) : [];
  const by = new Map<string, Map<string, string>>();
  for (const r of rows) by.set(r.giftId, (by.get(r.giftId) ?? new Map()).set(r.buyerId, r.name));
  return by;
}

/** Gifts as their giver (or, without share paths, their store) sees them. */
export async function sentGifts(db: Db, rows: GiftRow[], opts: { sharePaths: boolean }): Promise<SentGift[]> {
  if (!rows.length) return [];
  const ids = rows.map((g) => g.id);
  const [looks, claims, names] = await together(db, [
    () => skuFacts(db, [...new Set(rows.map((g) => g.skuId))], 'store'),
    () => db.select().from(giftClaims).where(inArray(giftClaims.giftId, ids)).orderBy(asc(giftClaims.createdAt), asc(giftClaims.id)),
    () => entryNames(db, ids),
  ]);
  const orderIds = claims.flatMap((c) => (c.orderId ? [c.orderId] : []));
  const [facts, requests] = await together(db, [() => giftOrderFacts(db, orderIds), () => afterSalesOfOrders(db, orderIds)]);
  const latestRequest = new Map<string, { type: AfterSaleType; state: AfterSaleState }>();
  for (const r of requests) if (!latestRequest.has(r.orderId)) latestRequest.set(r.orderId, { type: r.type, state: r.state });
  const tokens = opts.sharePaths ? await together(db, rows.map((g) => async () => (linkOpen(g) ? giftToken(db, g.id) : null))) : rows.map(() => null);
  return rows.map((g, k) => {
    const look = looks.get(g.skuId);
    const entries = names.get(g.id) ?? new Map<string, string>();
    return {
      id: g.id, state: g.state, stateCode: GIFT_STATE_CODES[g.state], kind: g.kind, source: g.source, storeId: g.storeId, productId: g.productId,
      title: g.title, imageId: look?.imageId ?? null, skuId: g.skuId, attrs: look?.attrs ?? {}, unitQuantity: g.unitQuantity, units: g.units,
      unitsClaimed: g.unitsClaimed, unitsReturned: g.unitsReturned, unitPrice: g.unitPrice, amount: g.unitPrice * g.unitQuantity * g.units - g.discount, discount: g.discount, pointsSpent: g.pointsSpent,
      currency: g.currency, message: g.message, receiverName: g.receiverName, cardId: g.cardId, cardLanguage: g.cardLanguage, stickers: g.stickers, channel: g.channel,
      shopId: g.shopId, paymentId: g.paymentId, sharePath: tokens[k] ? sharePath(tokens[k]) : null, createdAt: g.createdAt.toISOString(),
      paidAt: iso(g.paidAt), expiresAt: iso(g.expiresAt), joinDeadline: iso(g.joinDeadline), entries: entries.size,
      draw: drawView(g.draw ?? null, entries),
      claims: claims.filter((c) => c.giftId === g.id).map((c) => ({
        claimantName: c.claimantName, state: c.state, claimedAt: iso(c.claimedAt), orderState: c.orderId ? facts.get(c.orderId)?.state ?? null : null,
        afterSale: c.orderId ? latestRequest.get(c.orderId) ?? null : null,
      })),
    };
  });
}

export async function listSentGifts(db: Db, giverId: string, q: { limit: number; offset: number }) {
  const where = and(eq(gifts.giverId, giverId), eq(gifts.source, 'buyer'));
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(gifts).where(where).orderBy(desc(gifts.createdAt), desc(gifts.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(gifts).where(where),
  ]);
  return { items: await sentGifts(db, rows, { sharePaths: true }), total: Number(n) };
}

/** One gift of this giver (anyone else's is not found). */
export async function sentGift(db: Db, giverId: string, giftId: string): Promise<SentGift> {
  const [row] = await db.select().from(gifts).where(and(eq(gifts.id, giftId), eq(gifts.giverId, giverId), eq(gifts.source, 'buyer')));
  if (!row) throw new NotFound('gift');
  return (await sentGifts(db, [row], { sharePaths: true }))[0];
}

export async function storeGifts(db: Db, storeId: string, q: { limit: number; offset: number }) {
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(gifts).where(eq(gifts.storeId, storeId)).orderBy(desc(gifts.createdAt), desc(gifts.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(gifts).where(eq(gifts.storeId, storeId)),
  ]);
  return { items: await sentGifts(db, rows, { sharePaths: false }), total: Number(n) };
}

export type ReceivedGift = {
  giftId: string; claimId: string | null; title: string; imageId: string | null; attrs: Record<string, string>; unitQuantity: number;
  giverName: string; message: string; state: 'unclaimed' | 'won' | 'claimed' | 'lapsed'; giftState: GiftRow['state']; sharePath: string | null;
  orderId: string | null; orderState: OrderState | null; shipments: (ShipmentParcel & { createdAt: string })[];
  claimedAt: string | null; expiresAt: string | null;
  /** The claim's order item (to ask for after-sales of it), null before a claim. */
  orderItemId: string | null;
  /** What the recipient may ask now (none when nothing may be asked); the refund goes back to the giver's payment. */
  afterSaleTypes: AfterSaleType[];
  /** The latest after-sales request of the item (to follow it), no money. */
  afterSale: { id: string; type: AfterSaleType; state: AfterSaleState } | null;
};

/**
 * What came to this buyer: units claimed or won, and merchants' free gifts named for them not yet claimed. No price.
 */
export async function receivedGifts(db: Db, buyerId: string, now: Date): Promise<{ items: ReceivedGift[] }> {
  const claims = await db.select().from(giftClaims).where(eq(giftClaims.claimantId, buyerId)).orderBy(desc(giftClaims.createdAt)).limit(200);
  const named = await db.select().from(gifts)
    .where(and(eq(gifts.recipientId, buyerId), eq(gifts.state, 'waiting'), sql`not exists (select 1 from gift_claims c where c.gift_id = ${gifts.id} and c.claimant_id = ${buyerId})`))
    .orderBy(desc(gifts.createdAt)).limit(200);
  const claimGiftIds = [...new Set(claims.map((c) => c.giftId))];
  const claimed = claimGiftIds.length ? await db.select().from(gifts).where(inArray(gifts.id, claimGiftIds)) : [];
  const byId = new Map([...claimed, ...named].map((g) => [g.id, g]));
  const skus = new Set<string>([...claims.map((c) => c.skuId ?? byId.get(c.giftId)!.skuId), ...named.map((g) => g.skuId)]);
  const orderIds = claims.flatMap((c) => (c.orderId ? [c.orderId] : []));
  const [looks, facts, askable] = await Promise.all([skuFacts(db, [...skus], 'store'), giftOrderFacts(db, orderIds), askableItems(db, orderIds, now)]);
  const link = async (g: GiftRow) => (g.state === 'waiting' ? sharePath(await giftToken(db, g.id)) : null);
  const items: ReceivedGift[] = [];
  for (const g of named) {
    const look = looks.get(g.skuId);
    items.push({
      giftId: g.id, claimId: null, title: g.title, imageId: look?.imageId ?? null, attrs: look?.attrs ?? {}, unitQuantity: g.unitQuantity, giverName: g.giverName,
      message: g.message, state: 'unclaimed', giftState: g.state, sharePath: await link(g), orderId: null, orderState: null, shipments: [], claimedAt: null, expiresAt: iso(g.expiresAt),
      orderItemId: null, afterSaleTypes: [], afterSale: null,
    });
  }
  for (const c of claims) {
    const g = byId.get(c.giftId)!;
    const look = looks.get(c.skuId ?? g.skuId);
    const order = c.orderId ? facts.get(c.orderId) : undefined;
    const ask = c.orderId ? askable.get(c.orderId) : undefined;
    items.push({
      giftId: g.id, claimId: c.id, title: g.title, imageId: look?.imageId ?? null, attrs: look?.attrs ?? {}, unitQuantity: g.unitQuantity, giverName: g.giverName,
      message: g.message, state: c.state, giftState: g.state, sharePath: c.state === 'won' ? await link(g) : null, orderId: c.orderId, orderState: order?.state ?? null,
      shipments: order?.shipments ?? [], claimedAt: iso(c.claimedAt), expiresAt: iso(g.expiresAt),
      orderItemId: ask?.orderItemId ?? null, afterSaleTypes: ask?.types ?? [], afterSale: ask?.latest ?? null,
    });
  }
  return { items };
}
