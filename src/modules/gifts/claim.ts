// The recipient's side: the gift page a share link opens (decorated, with the giver's name and message, never a
// price) and claiming a unit with one's own address, optionally another SKU of the same price. Exactly N units are
// claimed whatever the concurrency: a guarded update of units_claimed on the gift row, and one unit per person by
// the unique (gift, claimant) index.
import { randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { queryPrepared, queryRows, statementRefusal, type Db } from '../../db/client.ts';
import { claimKeyLastSql, keySeenSql, keyUsed, refusedUnlessAnswered, storedAnswer, type Answer, type RequestKey } from '../../kernel/idempotency.ts';
import { BoundedSet, trimOldest } from '../../kernel/bounded-set.ts';
import { throughPass, UnitsGate, type Arrival, type Pass } from '../../kernel/units-gate.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, Conflict, Forbidden, Invalid } from '../../kernel/errors.ts';
import { PreparedProblem } from '../../kernel/problem.ts';
import { outboxInsertSelectSql } from '../../kernel/outbox.ts';
import { moveStock, skuFacts, skuFactsSql, toSkuFacts, type SkuFactsRow } from '../catalog/index.ts';
import { addPaidGmv, openGmvSlots, paidGmvCtes } from '../merchants/index.ts';
import { createGiftOrder, giftOrderCtes, type GiftOrderInput } from '../orders/index.ts';
import { shippingAddress } from '../orders/addresses.ts';
import type { ShippingAddress } from '../orders/schema.ts';
import { batchedClaim, CLAIM_GATE_SLOTS } from './batched-claims.ts';
import { cardNameSql, DEFAULT_DECORATION } from './decoration.ts';
import { giftMachine } from './rules.ts';
import { giftClaims, gifts, GIFT_STATE_CODES, type GiftDecoration } from './schema.ts';
import { knownGiftOfLink, refuseBlockedAddress } from './tokens.ts';
import { drawView, type DrawView, type GiftRow } from './views.ts';

export type Viewer = { userId: string; role: string; displayName: string } | null;

export type GiftPage = {
  giftId: string; state: GiftRow['state']; stateCode: number; kind: GiftRow['kind']; source: GiftRow['source']; giverName: string; message: string; messageHidden: boolean;
  receiverName: string | null; title: string; productId: string; imageIds: string[]; attrs: Record<string, string>; unitQuantity: number; unitsLeft: number;
  decoration: { theme: GiftDecoration['theme']; card: GiftDecoration['cards'][number] | null; stickers: { stickerId: string; x: number; y: number; glyph: string; label: string }[] };
  skus: { id: string; attrs: Record<string, string>; available: boolean }[];
  expiresAt: string | null; joinDeadline: string | null; entries: number; joined: boolean; draw: DrawView | null;
  viewer: { signedIn: boolean; isGiver: boolean; canClaim: boolean; claimed: boolean; won: boolean; orderId: string | null };
};

/**
 * Whether this viewer no longer reads what the giver wrote (the message, the name the card is written to, the
 * stickers placed on the card); the card's design, the giver's name and the product stay.
 * - single: once the gift is claimed, only its giver and the person who claimed it read it.
 * - first_come and lottery: the message invites anyone with the link, so everyone reads it while the gift still takes
 *   newcomers (first_come: units left and not over; lottery: joining open, not drawn). Once it no longer does, only
 *   the giver and the people who took part (joined the lottery, won or claimed a unit) read it: a stranger opening
 *   the link afterwards sees that the gift is over, not the giver's words.
 * Signed out, one is a stranger.
 */
export function messageHiddenFor(g: GiftRow, now: Date, who: { isGiver: boolean; tookPart: boolean }): boolean {
  if (who.isGiver || who.tookPart) return false;
  if (g.kind === 'single') return g.unitsClaimed > 0;
  const open = g.kind === 'first_come'
    ? !over(g, now) && g.units - g.unitsClaimed - g.unitsReturned > 0
    : g.state === 'waiting' && !g.draw && !!g.joinDeadline && g.joinDeadline.getTime() > now.getTime();
  return !open;
}

const over = (g: GiftRow, now: Date) => g.state !== 'waiting' || !g.expiresAt || g.expiresAt.getTime() <= now.getTime();

type PageReads = {
  decoration: GiftDecoration; product: { imageIds: string[]; onSale: boolean } | null; skus: { id: string; attrs: Record<string, string>; stock: number }[];
  entries: { buyerId: string; name: string }[]; mine: { state: string; skuId: string | null; orderId: string | null } | null; look: ReturnType<typeof toSkuFacts> | undefined;
};

/**
 * What the gift page reads besides the gift's row, as one statement (one pooled connection, not six: the page of
 * each winner of a crowd's claims comes while the crowd's other requests want connections too): the product's
 * decoration, pictures and SKUs of the gift's price, the lottery's entries, the viewer's claim and the gift SKU's facts.
 */
async function pageReads(db: Db, g: GiftRow, viewer: Viewer): Promise<PageReads> {
  // Only a lottery has entries (people join it); other kinds read none.
  const entries = g.kind === 'lottery'
    ? sql`coalesce((select json_agg(json_build_object('buyerId', buyer_id, 'name', buyer_name)) from gift_entries where gift_id = ${g.id}), '[]')`
    : sql`'[]'::json`;
  const mine = viewer
    ? sql`(select json_build_object('state', state, 'skuId', sku_id, 'orderId', order_id) from gift_claims where gift_id = ${g.id} and claimant_id = ${viewer.userId})`
    : sql`null::json`;
  const [r] = await queryRows<Omit<PageReads, 'decoration' | 'look'> & { decoration: GiftDecoration | null; look: SkuFactsRow | null }>(db, sql`select
      (select decoration from gift_decorations where product_id = ${g.productId}) as decoration,
      (select json_build_object('imageIds', image_ids, 'onSale', live_state in ('listed', 'sold_out')) from products where id = ${g.productId}) as product,
      -- Only SKUs of the same price: the recipient may switch among them, and learns no price from the list.
      coalesce((select json_agg(json_build_object('id', id, 'attrs', attrs, 'stock', stock) order by attrs_key, id)
        from skus where product_id = ${g.productId} and active and price = ${g.unitPrice}), '[]') as skus,
      ${entries} as entries, ${mine} as mine,
      (select row_to_json(f) from (${skuFactsSql(sql`array[${g.skuId}::uuid]`, 'store')}) f) as look`);
  return { ...r, decoration: r.decoration ?? DEFAULT_DECORATION, look: r.look ? toSkuFacts(r.look) : undefined };
}

/**
 * The gift page for this viewer (signed out: null), from one read (pageReads). `fresh`: the gift's row as it is now
 * (after a claim), the page shows it; `seen` gives only what a gift never changes (its product, price, SKU).
 */
export async function giftPage(db: Db, now: Date, seen: GiftRow, viewer: Viewer, fresh?: () => Promise<GiftRow>): Promise<GiftPage> {
  const [reads, g] = await Promise.all([pageReads(db, seen, viewer), fresh ? fresh() : seen]);
  return pageOf(db, now, g, viewer, reads);
}

/** The page of gift row `g` for this viewer from what pageReads read (a claim of another variant reads its facts). */
async function pageOf(db: Db, now: Date, g: GiftRow, viewer: Viewer, reads: PageReads): Promise<GiftPage> {
  const { decoration, product, skus, entries, look: giftLook } = reads;
  const claim = reads.mine ?? undefined;
  const isGiver = viewer?.userId === g.giverId;
  const unitsLeft = g.units - g.unitsClaimed - g.unitsReturned;
  const allowed = g.kind === 'lottery' ? claim?.state === 'won' : !claim && unitsLeft > 0 && (!g.recipientId || g.recipientId === viewer?.userId);
  // The variant shown: the one the viewer claimed, else the gift's.
  const shown = claim?.skuId ?? g.skuId;
  const look = shown === g.skuId ? giftLook : (await skuFacts(db, [shown], 'store')).get(shown);
  const joined = !!viewer && entries.some((e) => e.buyerId === viewer.userId);
  const hidden = messageHiddenFor(g, now, { isGiver, tookPart: !!claim || joined });
  return {
    giftId: g.id, state: g.state, stateCode: GIFT_STATE_CODES[g.state], kind: g.kind, source: g.source, giverName: g.giverName,
    message: hidden ? '' : g.message, messageHidden: hidden, receiverName: hidden ? null : g.receiverName, title: g.title, productId: g.productId, imageIds: product?.imageIds ?? [], attrs: look?.attrs ?? {},
    unitQuantity: g.unitQuantity, unitsLeft,
    decoration: {
      theme: decoration.theme,
      card: decoration.cards.find((c) => c.id === g.cardId) ?? null,
      stickers: (hidden ? [] : g.stickers).flatMap((p) => {
        const s = decoration.stickers.find((x) => x.id === p.stickerId);
        return s ? [{ ...p, glyph: s.glyph, label: s.label }] : [];
      }),
    },
    skus: skus.map((s) => ({ id: s.id, attrs: s.attrs, available: !!product?.onSale && Number(s.stock) >= g.unitQuantity })),
    expiresAt: g.expiresAt?.toISOString() ?? null, joinDeadline: g.joinDeadline?.toISOString() ?? null, entries: entries.length,
    joined, draw: drawView(g.draw ?? null, new Map(entries.map((e) => [e.buyerId, e.name])), { namesShown: isGiver || !!claim || joined }),
    viewer: {
      signedIn: !!viewer, isGiver, claimed: claim?.state === 'claimed', won: g.kind === 'lottery' && !!claim, orderId: claim?.orderId ?? null,
      canClaim: !!viewer && viewer.role === 'buyer' && !isGiver && !over(g, now) && allowed,
    },
  };
}

export type ClaimInput = { skuId?: string; addressId?: string; address?: ShippingAddress };

/** Why this person may not claim a unit of this gift now (checked again by the guarded update). */
function refuseClaim(g: GiftRow, claimantId: string, now: Date, claim: typeof giftClaims.$inferSelect | undefined) {
  if (g.giverId === claimantId) throw new Forbidden('You sent this gift: it is for someone else to claim.', 'own_gift');
  if (g.state === 'claimed') throw new Conflict('gift_all_claimed', 'Every unit of this gift was claimed.');
  if (over(g, now)) {
    const state = g.state === 'waiting' ? 'expired' : g.state;
    throw new Conflict('gift_not_waiting', `This gift is ${state}: it can no longer be claimed.`, { state });
  }
  if (g.recipientId && g.recipientId !== claimantId) throw new Forbidden('This gift was sent to someone else.', 'gift_not_for_you');
  if (claim?.state === 'claimed') throw new Conflict('gift_already_claimed', 'You already claimed this gift.');
  if (g.kind === 'lottery') {
    if (!g.draw) throw new Conflict('lottery_not_drawn', 'The lottery is not drawn yet: come back after its deadline.');
    if (claim?.state !== 'won') throw new Forbidden('Only the lottery\'s winners claim this gift.', 'gift_not_for_you');
  }
}

/** The SKU the claimant chose instead of the gift's: same product, same price, on sale, in stock (else 4xx). */
async function checkSwitch(tx: Db, g: GiftRow, skuId: string) {
  const f = (await skuFacts(tx, [skuId], 'store')).get(skuId);
  if (!f || f.productId !== g.productId) throw new Invalid('sku_not_in_product', 'Choose another variant of the same product.', { skuId });
  if (f.price !== g.unitPrice) throw new Invalid('sku_price_differs', 'This variant has another price: only variants of the same price can be chosen.', { skuId });
  if (!f.onSale) throw new Conflict('product_not_available', 'This variant is not on sale.', { skuId });
  if (f.stock < g.unitQuantity) throw new Conflict('stock_insufficient', 'This variant is sold out: choose another one.', { skuId, stock: f.stock });
}

/**
 * Gifts found with every unit claimed (state claimed). Units claimed only ever grow, so that stays true, in every
 * process: a late claimer is answered from here without a read. Bounded (oldest forgotten).
 */
const goneGifts = new BoundedSet<string>(10_000);
// The refusals of a crowd, made once (each sent as prepared text: kernel/problem.ts).
const ALL_CLAIMED = new PreparedProblem(409, 'gift_all_claimed', 'Someone was quicker: every unit of this gift is taken.');
const allClaimed = () => ALL_CLAIMED;

/**
 * Claims under way here, per gift, and the units the last one left (see UnitsGate for the rule): the claimers a
 * burst brings beyond the units left are answered at once, not after the winners' statements.
 */
const claimsGate = new UnitsGate(10_000, CLAIM_GATE_SLOTS);
/**
 * The people who claimed a unit of a gift here (`gift person`): another claim of theirs can only be refused (one unit
 * per person), so it is answered without being counted by the gate, where it would hold a unit back from the others
 * until its statement failed (the claimers after it told to try again). Bounded (oldest forgotten: then counted).
 */
const claimedHere = new BoundedSet<string>(100_000);
const alreadyClaimed = () => new Conflict('gift_already_claimed', 'You already claimed this gift.');
const ALL_IN_CLAIMS = new PreparedProblem(409, 'gift_all_claimed', 'Every unit left is being claimed by others right now: try again in a moment.', { held: true });
const allInClaims = () => ALL_IN_CLAIMS;

/**
 * Why the unit could not be taken (read after the guarded update found none): the person claimed already (no claim
 * was read before the statement), else every unit is claimed, else the gift is over.
 */
async function noUnit(db: Db, giftId: string, claimantId: string): Promise<never> {
  const [cur] = await queryRows<{ state: string; mine: boolean }>(db, sql`select state,
      exists (select 1 from gift_claims where gift_id = ${giftId} and claimant_id = ${claimantId} and state = 'claimed') as mine
    from gifts where id = ${giftId}`);
  if (cur.mine) throw new Conflict('gift_already_claimed', 'You already claimed this gift.');
  if (cur.state === 'claimed' || cur.state === 'waiting') throw allClaimed();
  throw new Conflict('gift_not_waiting', `This gift is ${cur.state}: it can no longer be claimed.`, { state: cur.state });
}

/** The guarded update that takes one unit (never more than the gift's units, `go` besides), and the giver's message with it. */
function unitCtes(now: Date, g: GiftRow, claimantName: string, go: SQL = sql`true`) {
  const last = giftMachine.transition('waiting', 'claim_last');
  return sql`unit as (
      update gifts set units_claimed = units_claimed + 1, updated_at = ${now},
        state = case when units_claimed + 1 = units then ${last} else state end
      where id = ${g.id} and state = 'waiting' and expires_at > ${now} and units_claimed < units - units_returned and ${go}
      returning units_claimed, units_returned, state, units - units_claimed - units_returned as units_left),
    message as (${outboxInsertSelectSql(now, sql`select ${g.storeId}::uuid as store_id, 'message.gift_claimed' as topic,
      jsonb_build_object('userId', ${g.giverId}::uuid, 'giftId', ${g.id}::uuid, 'claimantName', ${claimantName}::text,
        'unitsClaimed', units_claimed, 'units', ${g.units}::int) as payload from unit`)})`;
}

/**
 * What a claim needs before it takes a unit (refused with its 4xx otherwise), without a read but a lottery's: only
 * its winners claim, so their claim is read first. For the other kinds the claim's unique index says whether the
 * person claimed already (the statement, or the transaction, refuses then), and the card's name is read by the
 * statement that writes the order (cardNameSql): a winner of a burst takes its turn on the gift's row at once.
 */
async function prepareClaim(db: Db, now: Date, claimant: { userId: string; displayName: string }, g: GiftRow, input: ClaimInput) {
  const claim = g.kind === 'lottery'
    ? (await db.select().from(giftClaims).where(and(eq(giftClaims.giftId, g.id), eq(giftClaims.claimantId, claimant.userId))))[0]
    : undefined;
  refuseClaim(g, claimant.userId, now, claim);
  if (!input.addressId && !input.address) throw new Invalid('address_required', 'Say where the gift goes: choose one of your addresses or enter one.');
  const address = await shippingAddress(db, claimant.userId, input);
  const skuId = input.skuId ?? g.skuId;
  if (skuId !== g.skuId) await checkSwitch(db, g, skuId);
  const order: GiftOrderInput = {
    giftId: g.id, storeId: g.storeId, claimantId: claimant.userId, paymentId: g.paymentId, channel: g.channel, shopId: g.shopId, miniSiteId: g.miniSiteId, address,
    card: { cardId: g.cardId, cardName: null, giverName: g.giverName, receiverName: g.receiverName ?? claimant.displayName, message: g.message, stickers: g.stickers, language: g.cardLanguage },
    cardName: cardNameSql(g.productId, g.cardId),
    skuId, quantity: g.unitQuantity, unitPrice: g.unitPrice, currency: g.currency, free: g.source === 'merchant', giftDiscount: { discount: Number(g.discount), units: g.units },
  };
  return order;
}

/**
 * A claim as one statement, like checkout (no transaction: the gift's row is held for this statement only, and
 * the late claimers of a burst wait for statements, not for other people's order writing): the unit (guarded),
 * the giver's message, the order born paid, the person's claim (one per person), the store's paid GMV and the
 * Idempotency-Key with its answer. Null when the claim must run in a transaction instead (claimGift):
 * the claimant switches to another variant (stock moves), or the GMV crosses a zero-deposit threshold (the
 * statement then undoes itself, and the deposit rules run in the transaction). `gift`: the row as the link opened
 * it (the statement's guards decide on the row as it is then), or its id.
 */
export async function claimGiftAtOnce(ctx: Ctx, claimant: { userId: string; displayName: string }, gift: GiftRow | string, input: ClaimInput, k: RequestKey | null,
  /** Where the claim stood when its request arrived (claimOnArrival), if it was counted then. */ arrival?: Arrival): Promise<ClaimedAtOnce | null> {
  const now = ctx.clock.now();
  const giftId = typeof gift === 'string' ? gift : gift.id;
  const person = `${giftId} ${claimant.userId}`;
  if (!arrival && goneGifts.has(giftId)) return refusedUnlessAnswered(ctx.db, k, allClaimed());
  // The row the link opened (read with the crowd's), else read now.
  const g = typeof gift === 'string' ? (await ctx.db.select().from(gifts).where(eq(gifts.id, giftId)))[0] : gift;
  knowGift(g);
  const attempt = (pass: Pass) => throughPass(pass, async () => {
    const claimed = await claimInStatement(ctx, claimant, g, input, k, now);
    // This claim took the last unit (the gift is claimed): none is left for good.
    if (claimed.answer?.status === 201 && claimed.left === 0) goneGifts.add(giftId);
    if (claimed.answer?.status === 201 && !claimed.answer.replayed) claimedHere.add(person);
    return { value: claimed.answer, left: claimed.left };
  },
  // Refused for want of a unit: none left for the claimers waiting behind this one either.
  (err) => (err instanceof AppError && err.code === 'gift_all_claimed' ? 0 : undefined));
  const turn = async (entered: Promise<Pass | 'taken'>): Promise<ClaimedAtOnce | null> => {
    const pass = await entered;
    if (pass === 'taken') return refusedUnlessAnswered<{ orderId: string }>(ctx.db, k, allInClaims());
    return attempt(pass);
  };
  // Counted since it arrived, the person's turn held since: it enters now.
  if (arrival) return turn(arrival.enter());
  // One who claimed here already is not counted (one unit per person): answered, as the statement would.
  return onePersonAtATime(person, () => (claimedHere.has(person) ? refusedUnlessAnswered(ctx.db, k, alreadyClaimed()) : turn(claimsGate.enter(giftId, 1))));
}

/**
 * What a read of the gift's row tells the claims to come: every unit is claimed (for good: the crowd is told so from
 * here), else, while it waits, how many units are left for the gate to count on until the claims' own answers say (a
 * page opened before its crowd claims: UnitsGate.learn). A gift over for another reason (expired, refunded) is not
 * "all claimed": its claimers are told its state by the claim itself.
 */
export function knowGift(g: GiftRow) {
  if (g.state === 'claimed') goneGifts.add(g.id);
  else if (g.state === 'waiting') claimsGate.learn(g.id, g.units - g.unitsClaimed - g.unitsReturned);
  if (g.state === 'waiting' && g.kind === 'first_come') {
    waitingRows.set(g.id, g);
    trimOldest(waitingRows, 10_000);
  }
}

/**
 * The row of each first-come gift last read here while it waited for claims: a claim counted on arrival goes with it
 * instead of reading the gift again (a read whose answer, during a crowd, comes turns of the event loop later). What
 * may have changed since (units claimed, the state) only moves towards refusal, and the claim's statement decides on
 * the row as it is then; what the claim checks first (giver, recipient, kind, expiry) a waiting gift never changes.
 */
const waitingRows = new Map<string, GiftRow>();

/**
 * A claim counted by the gate since its request arrived (its person's turn held): `release` once the request is
 * answered, whatever happened. `gift`: the row to claim from (waitingRows) once `blocked` (the address's check, begun
 * on arrival) passed; none: the link is opened again.
 */
export type ArrivalTurn = { arrival: Arrival; release(): void; gift?: GiftRow; blocked: Promise<void> };

/**
 * A claim seen by the gate as its request arrives, before its body is read, validated or counted by the claim limit
 * (the caller is a signed-in buyer already: the route's access), for a link this process opened before. A crowd of
 * 2,000 for 100 units costs the 1,900 who cannot win no more than this:
 * - no unit left, or the claims let through, waiting and arrived before it take every unit left: the refusal made once
 *   for them, unless the address is blocked (429, as opening the link says first) or the Idempotency-Key was answered
 *   before (null: the request goes on and its answer is replayed);
 * - it may win: it is counted from now (ahead of those arriving later), and enters the gate once its body is read
 *   (claimGiftAtOnce), taking a slot only then: a slot is never held while a request is still on its way;
 * - the link not opened here, or the same person's claim under way here: null, the request goes on (and waits for it).
 */
export async function claimOnArrival(ctx: Ctx, claimant: { userId: string }, token: string, ip: string, k: RequestKey | null): Promise<PreparedProblem | ArrivalTurn | null> {
  const giftId = knownGiftOfLink(token);
  if (!giftId) return null;
  let refusal = ALL_CLAIMED;
  if (!goneGifts.has(giftId)) {
    const person = `${giftId} ${claimant.userId}`;
    if (claiming.has(person) || claimedHere.has(person)) return null;
    const arrival = claimsGate.arrive(giftId, 1);
    if (arrival !== 'taken') {
      const personDone = holdPerson(person);
      // The address's check (429 for one that missed too often) begins now, while the request's body comes.
      const blocked = refuseBlockedAddress(ctx, ip);
      blocked.catch(() => {});
      return { arrival, release: () => { arrival.drop(); personDone(); }, gift: waitingRows.get(giftId), blocked };
    }
    refusal = ALL_IN_CLAIMS;
  }
  const [, used] = await Promise.all([refuseBlockedAddress(ctx, ip), k ? keyUsed(ctx.db, k) : false]);
  return used ? null : refusal;
}

/**
 * A person's claims of one gift go one at a time in this process: a second one sent at once (another tab, a double
 * tap) waits for the first, since it can only win if the first fails. So the gate never counts one person's units
 * twice, and never turns someone else away for a claim bound to fail.
 */
const claiming = new Map<string, Promise<unknown>>();

/** Marks the person's claim as under way here (claimOnArrival) until the function returned is called. */
function holdPerson(key: string): () => void {
  let done!: () => void;
  const tail = new Promise<void>((resolve) => (done = resolve));
  claiming.set(key, tail);
  return () => {
    done();
    if (claiming.get(key) === tail) claiming.delete(key);
  };
}

async function onePersonAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (claiming.get(key) ?? Promise.resolve()).then(fn, fn);
  const tail = run.catch(() => {});
  claiming.set(key, tail);
  try {
    return await run;
  } finally {
    if (claiming.get(key) === tail) claiming.delete(key);
  }
}

export type ClaimedAtOnce = Answer<{ orderId: string }> & {
  replayed: boolean;
  /** A new claim's page for its claimant: from the row as the statement left it and the page's read made beside it. */
  page?: (now: Date, viewer: Viewer) => Promise<GiftPage>;
};

type Claimed = { answer: ClaimedAtOnce | null; left?: number };

/**
 * The claim's statement once its turn came; `left`: the units it left, when it said. A claim of the gift's own SKU
 * goes with the others of its gift that come together (batched-claims.ts), a lottery winner's alone.
 */
async function claimInStatement(ctx: Ctx, claimant: { userId: string; displayName: string }, g: GiftRow, input: ClaimInput, k: RequestKey | null, now: Date): Promise<Claimed> {
  let order: GiftOrderInput;
  try {
    order = await prepareClaim(ctx.db, now, claimant, g, input);
  } catch (err) {
    return { answer: await refusedUnlessAnswered(ctx.db, k, err as Error) };
  }
  if (order.skuId !== g.skuId) return { answer: null };
  if (g.kind === 'lottery') return claimAlone(ctx, claimant, g, order, k, now);
  const b = await batchedClaim(ctx.db, { g, claimant, order, k, now, beside: () => pageReads(ctx.db, g, null), alone: () => claimAlone(ctx, claimant, g, order, k, now) });
  switch (b.outcome) {
    case 'alone': return b.result;
    case 'seen': return { answer: { ...(await storedAnswer<{ orderId: string }>(ctx.db, k!)), replayed: true } };
    case 'none': return noUnitLeft(ctx.db, g.id, claimant.userId, k);
    case 'claimed': return claimedAnswer(ctx.db, { ...g, ...b.after }, b.orderId, order.skuId, b.beside as Promise<PageReads>, b.after.unitsLeft);
  }
}

/** The answer of a claim the guarded update found no unit for (as the single statement and the batch say). */
async function noUnitLeft(db: Db, giftId: string, claimantId: string, k: RequestKey | null): Promise<Claimed> {
  return { answer: await refusedUnlessAnswered(db, k, await noUnit(db, giftId, claimantId).catch((e: Error) => e)), left: 0 };
}

/** A new claim's answer: its order, and its page from the gift's row as the statement left it (`after`) and the read made beside it. */
function claimedAnswer(db: Db, after: GiftRow, orderId: string, skuId: string, reads: Promise<PageReads>, left: number | null | undefined): Claimed {
  const claimed = { state: 'claimed', skuId, orderId };
  const page = async (at: Date, viewer: Viewer) => pageOf(db, at, after, viewer, { ...(await reads), mine: claimed });
  return { answer: { status: 201, body: { orderId }, replayed: false, page }, left: left ?? undefined };
}

/** One claim as its own statement. */
async function claimAlone(ctx: Ctx, claimant: { userId: string; displayName: string }, g: GiftRow, order: GiftOrderInput, k: RequestKey | null, now: Date,
  /** Sent again once the store's GMV slots were made. */ again = false): Promise<Claimed> {
  const orderId = randomUUID();
  const go = k ? sql`not (select seen from seen)` : sql`true`;
  const took = sql`exists (select 1 from unit)`;
  // The order's total: the unit's share of the giver's discount depends on its number, read from the unit taken.
  const total = sql`(select total from gift_share)`;
  // One unit per person: a winner's row moves from won to claimed; anyone else's is new (the unique index decides).
  const mine = g.kind === 'lottery'
    ? sql`update gift_claims set state = 'claimed', sku_id = ${order.skuId}, order_id = ${orderId}, claimed_at = ${now}
        where gift_id = ${g.id} and claimant_id = ${claimant.userId} and state = 'won' and ${took} returning id`
    : sql`insert into gift_claims (gift_id, store_id, claimant_id, claimant_name, state, sku_id, order_id, created_at, claimed_at)
        select ${g.id}, ${g.storeId}, ${claimant.userId}, ${claimant.displayName}, 'claimed', ${order.skuId}, ${orderId}, ${now}, ${now} where ${took}
        on conflict do nothing returning id`;
  let row: { outcome: string; unitsLeft: number | null; unitsClaimed: number | null; unitsReturned: number | null; state: GiftRow['state'] | null };
  // Prepared once per connection and shape (planning it was about as long as running it): the text depends only on
  // the key, the lottery and a store's free gift; everything else is a parameter.
  const name = `trio_gift_claim${k ? '_key' : ''}${g.kind === 'lottery' ? '_won' : ''}${order.free ? '_free' : ''}`;
  // The page's read goes beside the statement (it waits for no lock): a winner's answer is ready when its statement
  // answers, one round trip in all. Unused when the claim is refused (few are: the gate answers the crowd).
  const reads = pageReads(ctx.db, g, null);
  reads.catch(() => {});
  try {
    [row] = await queryPrepared<typeof row>(ctx.db, name, sql`
      with ${k ? sql`seen as (select ${keySeenSql(k)} as seen),` : sql``}
      ${unitCtes(now, g, claimant.displayName, go)},
      ${giftOrderCtes(now, order, orderId, sql`(select units_claimed from unit)`, took)},
      mine as (${mine}),
      ${paidGmvCtes(g.storeId, total, sql`${total} > 0 and ${took}`)},
      claim as (${k ? claimKeyLastSql(k, now, sql`jsonb_build_object('orderId', ${orderId}::text)`, took) : sql`select 1 as ok`})
      select case when not ${go} then 'seen' when not ${took} then 'none'
        when not exists (select 1 from mine) then trio_refuse('gift_already_claimed')
        when (select needed and slotless from paid_gmv_exact) then trio_refuse('paid_gmv_no_slots')
        when (select needed from paid_gmv_exact) then trio_refuse('paid_gmv_exact_path')
        when not exists (select 1 from claim) then trio_refuse('idempotency_key_taken')
        else 'claimed' end as outcome, (select units_left from unit)::int as "unitsLeft",
      (select units_claimed from unit)::int as "unitsClaimed", (select units_returned from unit)::int as "unitsReturned", (select state from unit) as state`);
  } catch (err) {
    const reason = statementRefusal(err);
    if (reason === 'idempotency_key_taken') return { answer: { ...(await storedAnswer<{ orderId: string }>(ctx.db, k!)), replayed: true } };
    if (reason === 'gift_already_claimed') return { answer: await refusedUnlessAnswered(ctx.db, k, new Conflict('gift_already_claimed', 'You already claimed this gift.')) };
    if (reason === 'paid_gmv_exact_path') return { answer: null }; // the claim goes the transaction's way (addPaidGmv)
    // The store's first payment (the gift's first claims): its slots made, by this claim or one beside it, the
    // claim goes again as a statement. Before, a burst's first claims all took the transaction's way, each holding
    // the gift's row over several round trips while the crowd's requests kept the event loop busy.
    if (reason === 'paid_gmv_no_slots' && !again) {
      await openGmvSlots(ctx.db, g.storeId);
      return claimAlone(ctx, claimant, g, order, k, now, true);
    }
    if (reason === 'paid_gmv_no_slots') return { answer: null };
    throw err;
  }
  const { outcome, unitsLeft } = row;
  if (outcome === 'seen') return { answer: { ...(await storedAnswer<{ orderId: string }>(ctx.db, k!)), replayed: true } };
  if (outcome === 'none') return noUnitLeft(ctx.db, g.id, claimant.userId, k);
  const after: GiftRow = { ...g, unitsClaimed: row.unitsClaimed!, unitsReturned: row.unitsReturned!, state: row.state! };
  return claimedAnswer(ctx.db, after, orderId, order.skuId, reads, unitsLeft);
}

/** One unit of the gift for this buyer, in the caller's transaction: the order to their address. Returns the order's id. */
export async function claimGift(ctx: Ctx, tx: Db, claimant: { userId: string; displayName: string }, giftId: string, input: ClaimInput): Promise<string> {
  const now = ctx.clock.now();
  const [g] = await tx.select().from(gifts).where(eq(gifts.id, giftId));
  const order = await prepareClaim(tx, now, claimant, g, input);
  const skuId = order.skuId;
  // The unit first, so that when a burst of people claims a gift the ones too late learn it before any other work.
  const [taken] = await queryRows<{ unitsClaimed: number }>(tx, sql`with ${unitCtes(now, g, claimant.displayName)} select units_claimed as "unitsClaimed" from unit`);
  if (!taken) await noUnit(tx, g.id, claimant.userId);
  // Then the rest (a failure anywhere gives the unit back: one transaction).
  if (skuId !== g.skuId) {
    // The stock moves from the gift's SKU to the chosen one, SKU rows locked in id order (no deadlock between switches).
    const note = `gift ${g.id}: claimed as another variant`;
    const moves = [
      { skuId, op: 'subtract' as const, reason: 'order' as const },
      { skuId: g.skuId, op: 'add' as const, reason: 'cancel' as const },
    ].sort((a, b) => (a.skuId < b.skuId ? -1 : 1));
    for (const m of moves) await moveStock(tx, now, claimant.userId, g.storeId, m.skuId, { op: m.op, quantity: g.unitQuantity, reason: m.reason, note });
  }
  const written = await createGiftOrder(tx, now, order, taken.unitsClaimed);
  // One unit per person: a winner's row moves from won to claimed; anyone else's is new (the unique index decides).
  const [mine] = g.kind === 'lottery'
    ? await tx.update(giftClaims).set({ state: 'claimed', skuId, orderId: written.id, claimedAt: now })
      .where(and(eq(giftClaims.giftId, g.id), eq(giftClaims.claimantId, claimant.userId), eq(giftClaims.state, 'won'))).returning({ id: giftClaims.id })
    : await tx.insert(giftClaims).values({
      giftId: g.id, storeId: g.storeId, claimantId: claimant.userId, claimantName: claimant.displayName, state: 'claimed', skuId, orderId: written.id, createdAt: now, claimedAt: now,
    }).onConflictDoNothing().returning({ id: giftClaims.id });
  if (!mine) throw new Conflict('gift_already_claimed', 'You already claimed this gift.');

  // The store's paid GMV last (its row is shared by every order of the store).
  if (written.total > 0) await addPaidGmv(tx, g.storeId, written.total);
  return written.id;
}
