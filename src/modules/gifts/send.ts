// Sending a gift: a buyer pays for one (single) or N units (group: first come or lottery) with no address; a
// merchant gives its own product to a named buyer for free. Stock is taken at once: a buyer's gift in one statement
// (send-statement.ts), a merchant's in the send's transaction.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryPrepared, queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { storedAnswer, type Answer, type RequestKey } from '../../kernel/idempotency.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { hashToken } from '../../kernel/tokens.ts';
import { buyerByEmail } from '../accounts/index.ts';
import { catalogChangedHere, explainShortfall, skuFacts, takeStockForOrder, type Channel, type TakenSku } from '../catalog/index.ts';
import { isLinked, miniSiteByAppId } from '../minisite/reads.ts';
import { openGmvSlots, storeNames } from '../merchants/index.ts';
import { chose, guardsMembership, priceCheckout, priceOrReplay, sendStatement, spendRefused, useCoupons, type StatementRow, type StoreChoice } from '../orders/index.ts';
import type { PaymentSucceeded } from '../payments/index.ts';
import { decorationOf } from './decoration.ts';
import { assertGiftable } from './eligibility.ts';
import { giftMachine, messageLength, MESSAGE_MAX, STICKERS_MAX } from './rules.ts';
import { CARD_LANGUAGES, gifts, type CardLanguage, type GiftKind, type PlacedSticker } from './schema.ts';
import { giftSendName, giftSendSql, pricedLine, type GiftSend } from './send-statement.ts';
import { shopForGift } from './shops.ts';
import { giftToken, giftTokenHash, sharePath } from './tokens.ts';
import { sentGifts, type SentGift } from './views.ts';

type Card = { message: string; receiverName?: string; cardId?: string; stickers?: PlacedSticker[]; cardLanguage?: CardLanguage };

/** The card's language: the one chosen, else the sender's account language. */
async function cardLanguageOf(tx: Db, senderId: string, c: Card): Promise<CardLanguage> {
  if (c.cardLanguage) return c.cardLanguage;
  const [u] = await queryRows<{ locale: string }>(tx, sql`select locale from users where id = ${senderId}`);
  return CARD_LANGUAGES.find((l) => l === u?.locale) ?? 'en';
}
export type SendGiftInput = Card & {
  skuId: string; kind: GiftKind; quantity?: number; units?: number; joinDeadline?: string; shopId?: string; channel?: Channel;
  /** The app id of the mini-site whose component opened the gift flow (`?via=`): the gift and its orders carry it. */
  via?: string;
  /** The giver's coupons and points for it, as checkout takes them (member prices apply without them). */
  discount?: Omit<StoreChoice, 'storeId'>;
};
export type FreeGiftInput = Card & { skuId: string; quantity: number; recipientEmail: string };
/** paymentId null: coupons and points paid all of it, the gift is paid already. */
export type SendGiftAnswer = { gift: SentGift; paymentId: string | null; amount: number; currency: string; payDeadline: string };

const HOUR = 3600_000;

/** The message's length and the number of stickers (422 with a code each). */
function checkCardText(c: Card) {
  if (messageLength(c.message) > MESSAGE_MAX) throw new Invalid('message_too_long', `A gift message has at most ${MESSAGE_MAX} characters.`, { max: MESSAGE_MAX, length: messageLength(c.message) });
  if ((c.stickers ?? []).length > STICKERS_MAX) throw new Invalid('too_many_stickers', `At most ${STICKERS_MAX} stickers fit on a card.`, { max: STICKERS_MAX });
}

/** Message, card and stickers against the product's decoration (422 with a code each). */
async function checkCard(tx: Db, productId: string, c: Card) {
  checkCardText(c);
  const stickers = c.stickers ?? [];
  if (!c.cardId && !stickers.length) return;
  const d = await decorationOf(tx, productId);
  if (c.cardId && !d.cards.some((x) => x.id === c.cardId)) throw new Invalid('card_not_found', 'This greeting card is not one of the product\'s designs.', { cardId: c.cardId });
  const unknown = stickers.find((s) => !d.stickers.some((x) => x.id === s.stickerId));
  if (unknown) throw new Invalid('sticker_not_found', 'This sticker is not one of the product\'s stickers.', { stickerId: unknown.stickerId });
}

/** Units and items per unit of a gift of this kind. */
function shapeOf(input: SendGiftInput): { units: number; unitQuantity: number } {
  if (input.kind === 'single') {
    if (input.units !== undefined) throw new Invalid('units_for_groups_only', 'Only a group gift (first_come or lottery) has units; a single gift has a quantity.');
    return { units: 1, unitQuantity: input.quantity ?? 1 };
  }
  if (input.units === undefined) throw new Invalid('units_required', 'A group gift says how many people may get one (units, 2 to 1000).');
  if ((input.quantity ?? 1) !== 1) throw new Invalid('quantity_for_single_only', 'Each person of a group gift gets one item: leave quantity out.');
  return { units: input.units, unitQuantity: 1 };
}

/** A lottery's entries close before the claim window ends and after the gift can no longer be unpaid. */
function joinDeadlineOf(ctx: Ctx, input: SendGiftInput, now: Date, payDeadline: Date): Date | null {
  if (input.kind !== 'lottery') {
    if (input.joinDeadline) throw new Invalid('join_deadline_for_lottery_only', 'Only a lottery gift has a join deadline.');
    return null;
  }
  const latest = new Date(now.getTime() + ctx.config.giftClaimHours * HOUR);
  const at = input.joinDeadline ? new Date(input.joinDeadline) : new Date(now.getTime() + (ctx.config.giftClaimHours * HOUR) / 2);
  if (!(at.getTime() > payDeadline.getTime() && at.getTime() <= latest.getTime())) {
    throw new Invalid('join_deadline_invalid', `People join a lottery until a time after ${payDeadline.toISOString()} and no later than ${latest.toISOString()}.`, {
      earliest: payDeadline.toISOString(), latest: latest.toISOString(),
    });
  }
  return at;
}

type NewGift = Omit<typeof gifts.$inferInsert, 'tokenHash' | 'createdAt' | 'updatedAt' | 'title' | 'unitPrice' | 'currency' | 'storeId' | 'productId'>;

/** What a gift copies of its SKU when written (title and price as they were). */
type GiftSkuFacts = Pick<TakenSku, 'storeId' | 'productId' | 'title' | 'price' | 'currency'>;

/** Writes the gift; its claim window (expires_at) starts now and moves to the payment's time. */
async function writeGift(ctx: Ctx, tx: Db, now: Date, f: GiftSkuFacts, g: NewGift & { id: string }, paymentId: string | null) {
  const [row] = await tx.insert(gifts).values({
    ...g, paymentId, storeId: f.storeId, productId: f.productId, title: f.title, unitPrice: f.price, currency: f.currency,
    tokenHash: await giftTokenHash(tx, g.id), expiresAt: g.expiresAt ?? new Date(now.getTime() + ctx.config.giftClaimHours * HOUR), createdAt: now, updatedAt: now,
  }).returning();
  return row;
}

/** Takes the stock and writes the (free) gift. */
async function insertGift(ctx: Ctx, tx: Db, now: Date, stockChannel: Channel, g: NewGift & { id: string }): Promise<typeof gifts.$inferSelect> {
  const [taken] = await takeStockForOrder(tx, now, stockChannel, [{ skuId: g.skuId, quantity: g.unitQuantity * g.units }], `gift ${g.id}`);
  return writeGift(ctx, tx, now, taken, g, null);
}

/** A new gift's answer comes as JSON text, ready to send; a replay (the Idempotency-Key answered already) as the stored answer. */
export type SendGiftResult = ({ replayed: true } & Answer<SendGiftAnswer>) | { replayed: false; json: string };

/**
 * A buyer's gift, in one statement (send-statement.ts) for a giver who chose no coupon or points and is no member
 * of the SKU's store. A member is told so by that statement, which then took nothing: the gift is priced (member
 * price) and sent again. Coupons or points chosen: priced first. Coupons and points paying all of it: no payment,
 * the gift waits for its recipients at once (its coupons used in the same transaction).
 */
export async function sendGift(ctx: Ctx, giver: { userId: string; displayName: string }, input: SendGiftInput, k: RequestKey | null): Promise<SendGiftResult> {
  const now = ctx.clock.now();
  const { units, unitQuantity } = shapeOf(input);
  checkCardText(input);
  if (!input.shopId && input.channel === 'offline') throw new Invalid('shop_required', 'A gift of the offline channel comes from a shop\'s QR code: give its shopId.');
  const via = input.via && !input.shopId ? input.via : null;
  const channel: Channel = input.shopId ? 'offline' : via ? 'mini_site' : input.channel ?? 'store';
  const payDeadline = new Date(now.getTime() + ctx.config.paymentTimeoutMinutes * 60_000);
  const id = randomUUID();
  const token = await giftToken(ctx.db, id);
  const g: GiftSend = {
    id, now, giverId: giver.userId, giverName: giver.displayName, skuId: input.skuId, kind: input.kind, units, unitQuantity,
    message: input.message, receiverName: input.receiverName ?? null, cardId: input.cardId ?? null, stickers: input.stickers ?? [], cardLanguage: input.cardLanguage ?? null,
    // A shop's counter sells what the store sells: its stock is the store channel's.
    channel, stockChannel: channel === 'offline' ? 'store' : channel, shopId: input.shopId ?? null, via,
    joinDeadline: joinDeadlineOf(ctx, input, now, payDeadline), payDeadline, expiresAt: new Date(now.getTime() + ctx.config.giftClaimHours * HOUR),
    tokenHash: hashToken(token), sharePath: null, priceCap: ctx.config.giftPriceCapMinor, priced: undefined,
  };
  const lines = [{ skuId: input.skuId, quantity: unitQuantity * units }];
  // Member price, coupons and points priced as checkout prices them (and taken by the same statements).
  const price = async (choice: StoreChoice[]) => {
    const r = await priceOrReplay(ctx.db, k, () => priceCheckout(ctx.db, giver.userId, now, g.stockChannel, lines, choice), () => replay(ctx, k!));
    if ('replayed' in r) return r.replayed;
    g.priced = r.priced;
    return null;
  };
  if (input.discount) {
    const { storeId } = await assertGiftable(ctx.db, input.skuId, g.priceCap);
    const d = input.discount;
    const choice = [{ storeId, storeCouponId: d.storeCouponId ?? null, productCoupons: d.productCoupons ?? {}, points: d.points ?? 0 }];
    if (chose(choice)) {
      const replayed = await price(choice);
      if (replayed) return replayed;
    }
  }
  const run = (db: Db) => queryPrepared<StatementRow>(db, giftSendName(g, k), giftSendSql(g, k)).then((rows) => rows[0]);
  const done = await sendStatement({
    run: () => {
      g.sharePath = pricedLine(g).free ? sharePath(token) : null;
      if (!pricedLine(g).free) return run(ctx.db);
      // Coupons and points paid all of it: their coupons are used at once, in the same transaction.
      return inTransaction(ctx, async (tx) => {
        const row = await run(tx);
        if (sent(row.answer)) await useCoupons(tx, now, 'gift', [id]);
        return row;
      });
    },
    guarded: () => guardsMembership(g.priced), price: () => price([]), replay: () => replay(ctx, k!), refused: (reason) => whyRefused(ctx.db, g, input, reason),
  });
  if ('replayed' in done) return done.replayed;
  const { row } = done;
  if (row.bumped) catalogChangedHere();
  if (row.answer === 'refused') await whyRefused(ctx.db, g, input);
  if (row.answer === null) return replay(ctx, k!);
  return { replayed: false, json: row.answer };
}

/** The statement's answer is the gift sent (not a replay, a member to price, or a refusal). */
const sent = (answer: string | null) => answer !== null && answer !== 'member' && answer !== 'refused';

async function replay(ctx: Ctx, k: RequestKey): Promise<{ replayed: true } & Answer<SendGiftAnswer>> {
  return { ...(await storedAnswer<SendGiftAnswer>(ctx.db, k)), replayed: true };
}

/**
 * Says why the statement took nothing (or undid itself), as its own 4xx, in the order a giver fixes them: a coupon
 * or points gone, the product not giftable, the card, the shop, the mini-site, the stock, then the price.
 */
async function whyRefused(db: Db, g: GiftSend, input: SendGiftInput, reason?: string): Promise<never> {
  const gone = spendRefused(reason);
  if (gone) throw gone;
  const { productId, storeId } = await assertGiftable(db, g.skuId, g.priceCap);
  await checkCard(db, productId, input);
  if (g.shopId) await shopForGift(db, g.shopId, productId);
  if (g.via) await linkedMiniSiteId(db, g.via, storeId);
  await explainShortfall(db, g.stockChannel, [{ skuId: g.skuId, quantity: g.unitQuantity * g.units }], new Set());
  const { line } = pricedLine(g);
  const now = (await skuFacts(db, [g.skuId], g.stockChannel)).get(g.skuId);
  if (line && now && now.price !== line.unitPrice) throw new Conflict('price_changed', 'Prices changed since you looked: review the new total and confirm again.');
  throw new Conflict('concurrent_update', 'Stock changed while you sent it: try again.');
}

/** A store gives its own product to a buyer for free: no payment, claimable at once, by that buyer only. */
export async function sendFreeGift(ctx: Ctx, tx: Db, storeId: string, staffId: string, input: FreeGiftInput): Promise<Answer<SentGift>> {
  const now = ctx.clock.now();
  const recipient = await buyerByEmail(tx, input.recipientEmail);
  if (!recipient) throw new NotFound('buyer', { recipientEmail: input.recipientEmail });
  const { productId, storeId: owner } = await assertGiftable(tx, input.skuId, Number.MAX_SAFE_INTEGER);
  if (owner !== storeId) throw new NotFound('sku', { skuId: input.skuId });
  await checkCard(tx, productId, input);
  const id = randomUUID();
  const giverName = (await storeNames(tx, [storeId])).get(storeId) ?? '';
  const row = await insertGift(ctx, tx, now, 'store', {
    id, source: 'merchant', giverId: staffId, giverName, kind: 'single', recipientId: recipient.id, skuId: input.skuId, unitQuantity: input.quantity, units: 1,
    message: input.message, receiverName: input.receiverName ?? recipient.displayName, cardId: input.cardId ?? null, stickers: input.stickers ?? [],
    cardLanguage: await cardLanguageOf(tx, staffId, input),
    channel: 'store', shopId: null, state: 'waiting',
  });
  await enqueue(tx, now, [{ storeId, topic: 'message.gift_received', payload: { userId: recipient.id, giftId: id, from: giverName } }]);
  return { status: 201, body: (await sentGifts(tx, [row], { sharePaths: false }))[0] };
}

export type PoolGiftInput = {
  /** The gift's id, chosen by the caller (its idempotency record names it first). */
  id: string; storeId: string; miniSiteId: string; activityId: string; giverId: string; giverName: string; skuId: string; quantity: number; message: string;
  recipientId: string | null; receiverName: string | null;
};

/**
 * A cooperation gift: the store gives it for free from a gift activity's pool, which the caller took from in the same
 * transaction (the SKU's stock is not touched: the pool was taken from it when the activity was made). Claimable at
 * once, by the named recipient, or by whoever opens its link first when none is named. Channel mini_site.
 */
export async function sendPoolGift(ctx: Ctx, tx: Db, input: PoolGiftInput): Promise<typeof gifts.$inferSelect> {
  const now = ctx.clock.now();
  const f = (await skuFacts(tx, [input.skuId], 'mini_site')).get(input.skuId);
  if (!f || f.storeId !== input.storeId) throw new NotFound('sku', { skuId: input.skuId });
  await checkCard(tx, f.productId, { message: input.message });
  const { id } = input;
  const row = await writeGift(ctx, tx, now, f, {
    id, source: 'merchant', giverId: input.giverId, giverName: input.giverName, kind: 'single', recipientId: input.recipientId, skuId: input.skuId,
    unitQuantity: input.quantity, units: 1, message: input.message, receiverName: input.receiverName, cardId: null, stickers: [], cardLanguage: null,
    channel: 'mini_site', shopId: null, miniSiteId: input.miniSiteId, activityId: input.activityId, state: 'waiting',
  }, null);
  if (input.recipientId) await enqueue(tx, now, [{ storeId: input.storeId, topic: 'message.gift_received', payload: { userId: input.recipientId, giftId: id, from: input.giverName } }]);
  return row;
}

/** The mini-site of a component's gift flow: it must be linked to the product's store now (else 403 not_linked). */
async function linkedMiniSiteId(tx: Db, appId: string, storeId: string): Promise<string> {
  const site = await miniSiteByAppId(tx, appId);
  if (!site || !(await isLinked(tx, site.id, storeId))) throw new Forbidden('This mini-site is not linked to the store: it cannot offer its products.', 'not_linked');
  return site.id;
}

/**
 * The gift's payment succeeded: the gift waits for its recipients, its coupons are used, and its claim window starts
 * now (as long as it was set to be at send). Once, whatever the replays.
 */
export async function markGiftPaid(tx: Db, p: PaymentSucceeded) {
  const to = giftMachine.transition('awaiting_payment', 'pay');
  const paid = await queryRows<{ id: string; storeId: string; kind: GiftKind; amount: number | string }>(tx, sql`
    update gifts set state = ${to}, paid_at = ${p.paidAt}, expires_at = ${p.paidAt}::timestamptz + (expires_at - created_at), updated_at = ${p.paidAt}
    where payment_id = ${p.paymentId} and state = 'awaiting_payment'
    returning id, store_id as "storeId", kind, unit_price * unit_quantity * units - discount as amount`);
  const sum = paid.reduce((s, g) => s + Number(g.amount), 0);
  if (paid.length && sum !== p.amount) throw new Error(`payment ${p.paymentId} paid ${p.amount} but its gift costs ${sum}`);
  await useCoupons(tx, p.paidAt, 'gift', paid.map((g) => g.id));
  // A group gift's claims come as a crowd, each adding its order to the store's paid GMV: the store's GMV slots are
  // made now if it has none (its first sale), so the first claims' statement need not fail, make them and go again
  // while the crowd waits (merchants/paid-gmv.ts openGmvSlots).
  for (const storeId of new Set(paid.filter((g) => g.kind !== 'single').map((g) => g.storeId))) await openGmvSlots(tx, storeId);
}
