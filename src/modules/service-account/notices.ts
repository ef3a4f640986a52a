// Event notices: an outbox message of an order, a gift or an after-sales request becomes one notice in the inbox of
// the buyer it concerns, when that buyer follows the store and has not muted that kind. The outbox row was written in
// the event's own transaction; the notice is written in the transaction that marks it delivered (kernel/outbox.ts),
// with a once key per event and follower, so a message delivered twice gives one notice. Texts are rendered in the
// three languages when written, from the store's wording (notice_templates) or the default.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { inTransaction } from '../../kernel/context.ts';
import { Invalid } from '../../kernel/errors.ts';
import { subscribe, type OutboxMessage } from '../../kernel/outbox.ts';
import { recordAudit } from '../audit/index.ts';
import { writeMessage } from './inbox.ts';
import { followingSql } from './follows.ts';
import { AFTERSALE_NOTICE_STATES, DEFAULT_TEMPLATES, LANGS, NOTICE_FIELDS, NOTICE_TOPICS, moneyText, noticeOfTopic, noticeTexts, orderRef, unknownFields, type FieldValue, type Lang, type Texts } from './rules.ts';
import { carrierList } from '../orders/index.ts';
import { NOTICE_KINDS, type MuteKind, type NoticeKind } from './schema.ts';

type OrderFacts = { buyerId: string; storeId: string; total: number | string; currency: string; giftId: string | null };

async function customTexts(db: Db, storeId: string, kind: NoticeKind): Promise<Partial<Texts>> {
  const rows = await queryRows<{ lang: Lang; text: string }>(db, sql`select lang, text from notice_templates where store_id = ${storeId} and kind = ${kind}`);
  return Object.fromEntries(rows.map((r) => [r.lang, r.text]));
}

/**
 * Whether a notice of this kind may reach the buyer (they follow the store and did not mute the kind), with what its
 * text needs of the store; null: it may not.
 */
export async function reachable(tx: Db, storeId: string, buyerId: string, kind: NoticeKind): Promise<{ storeName: string; timeZone: string | null } | null> {
  const [who] = await queryRows<{ following: boolean; muted: boolean; storeName: string; timeZone: string | null }>(tx, sql`
    select ${followingSql(storeId, buyerId)} as following,
      exists (select 1 from notice_mutes where store_id = ${storeId} and buyer_id = ${buyerId} and kind = ${kind}) as muted,
      (select name from stores where id = ${storeId}) as "storeName", (select time_zone from stores where id = ${storeId}) as "timeZone"`);
  return who?.following && !who.muted ? { storeName: who.storeName ?? '', timeZone: who.timeZone } : null;
}

/** A notice of a kind into the buyer's inbox, in the store's wording or the default, if it may reach them. */
export async function writeKindNotice(tx: Db, m: { storeId: string; buyerId: string; kind: NoticeKind; fields: (store: string, timeZone: string | null) => Record<string, FieldValue | Texts>; links: Record<string, unknown>; onceKey: string; at: Date }): Promise<boolean> {
  const who = await reachable(tx, m.storeId, m.buyerId, m.kind);
  if (!who) return false;
  const texts = noticeTexts(m.kind, await customTexts(tx, m.storeId, m.kind), m.fields(who.storeName, who.timeZone));
  return (await writeMessage(tx, { storeId: m.storeId, buyerId: m.buyerId, kind: 'notice', noticeKind: m.kind, payload: { texts, ...m.links }, onceKey: m.onceKey, at: m.at })) !== null;
}

/** Outbox subscriber: the notice of one event (runs in the outbox sweep's transaction). */
export async function writeNotice(msg: OutboxMessage & { id: number; createdAt: Date }, tx: Db): Promise<void> {
  const notice = noticeOfTopic(msg.topic);
  const p = msg.payload;
  if (!notice) return;
  let buyerId: string | undefined;
  let storeId = msg.storeId ?? (typeof p.storeId === 'string' ? p.storeId : undefined);
  let order: OrderFacts | undefined;
  if (notice.to === 'order_buyer') {
    if (typeof p.orderId !== 'string') return;
    [order] = await queryRows<OrderFacts>(tx, sql`select buyer_id as "buyerId", store_id as "storeId", total, currency, gift_id as "giftId" from orders where id = ${p.orderId}`);
    if (!order) return;
    // A gift order is paid by the giver: its recipient hears of it as a gift, not as a payment.
    if (notice.kind === 'order_paid' && order.giftId) return;
    buyerId = order.buyerId;
    storeId = order.storeId;
  } else if (typeof p.userId === 'string') buyerId = p.userId;
  if (!buyerId || !storeId) return;
  const who = await reachable(tx, storeId, buyerId, notice.kind);
  if (!who) return;
  const fields: Record<string, FieldValue | Texts> = {
    store: who.storeName ?? undefined,
    order: orderRef(p.orderId),
    total: order ? moneyText(Number(order.total), order.currency) : undefined,
    carrier: typeof p.carrierName === 'string' ? p.carrierName : carrierList().find((c) => c.code === p.carrier)?.names ?? (typeof p.carrier === 'string' ? p.carrier : undefined),
    trackingNo: typeof p.trackingNo === 'string' ? p.trackingNo : undefined,
    from: typeof p.from === 'string' ? p.from : undefined,
    claimant: typeof p.claimantName === 'string' ? p.claimantName : undefined,
    claimed: typeof p.unitsClaimed === 'number' ? p.unitsClaimed : undefined,
    units: typeof p.units === 'number' ? p.units : undefined,
    amount: typeof p.amount === 'number' ? moneyText(p.amount, typeof p.currency === 'string' ? p.currency : undefined) : undefined,
  };
  const texts = noticeTexts(notice.kind, await customTexts(tx, storeId, notice.kind), fields, notice.state);
  const links = Object.fromEntries(['orderId', 'giftId', 'afterSaleId'].filter((k) => typeof p[k] === 'string').map((k) => [k, p[k]]));
  await writeMessage(tx, {
    storeId, buyerId, kind: 'notice', noticeKind: notice.kind, payload: { texts, ...links, ...(notice.state ? { state: notice.state } : {}) },
    onceKey: `outbox:${msg.id}`, at: msg.createdAt,
  });
}

/** Wires the notices to the outbox (app.ts; idempotent). After-sales topics are one per state. */
export function followEventsForNotices() {
  for (const topic of Object.keys(NOTICE_TOPICS)) subscribe(topic, writeNotice);
  for (const state of AFTERSALE_NOTICE_STATES) subscribe(`aftersales.${state}`, writeNotice);
}

export type TemplateView = { kind: NoticeKind; fields: string[]; texts: Record<Lang, { default: string; custom: string | null }> };

export async function listTemplates(db: Db, storeId: string): Promise<TemplateView[]> {
  const rows = await queryRows<{ kind: NoticeKind; lang: Lang; text: string }>(db, sql`select kind, lang, text from notice_templates where store_id = ${storeId}`);
  return NOTICE_KINDS.map((kind) => ({
    kind, fields: [...NOTICE_FIELDS[kind]],
    texts: Object.fromEntries(LANGS.map((lang) => [lang, { default: DEFAULT_TEMPLATES[kind][lang], custom: rows.find((r) => r.kind === kind && r.lang === lang)?.text ?? null }])) as TemplateView['texts'],
  }));
}

/** Sets the store's wording of a kind per language (null: back to the default). Unknown fields are refused. Audited. */
export async function saveTemplate(ctx: Ctx, actor: Actor, storeId: string, kind: NoticeKind, input: Partial<Record<Lang, string | null>>) {
  for (const lang of LANGS) {
    const text = input[lang];
    if (typeof text !== 'string') continue;
    const bad = unknownFields(kind, text);
    if (bad.length) throw new Invalid('notice_template_invalid', `A ${kind} notice cannot name {${bad.join('}, {')}}: it may name ${NOTICE_FIELDS[kind].map((f) => `{${f}}`).join(', ')}.`, { lang, fields: bad });
  }
  const now = ctx.clock.now();
  await inTransaction(ctx, async (tx) => {
    const before = await customTexts(tx, storeId, kind);
    for (const lang of LANGS) {
      const text = input[lang];
      if (text === undefined) continue;
      if (text === null) await tx.execute(sql`delete from notice_templates where store_id = ${storeId} and kind = ${kind} and lang = ${lang}`);
      else await tx.execute(sql`insert into notice_templates (store_id, kind, lang, text, updated_at) values (${storeId}, ${kind}, ${lang}, ${text}, ${now})
        on conflict (store_id, kind, lang) do update set text = excluded.text, updated_at = excluded.updated_at`);
    }
    await recordAudit(tx, actor, { action: 'service.notice_template_saved', entityType: 'notice_template', entityId: kind, storeId, before, after: await customTexts(tx, storeId, kind) }, now);
  });
  return (await listTemplates(ctx.db, storeId)).find((t) => t.kind === kind)!;
}

/** The kinds of notices (and broadcasts) the buyer muted at a store. */
export async function mutesOf(db: Db, buyerId: string, storeId: string): Promise<MuteKind[]> {
  const rows = await queryRows<{ kind: MuteKind }>(db, sql`select kind from notice_mutes where store_id = ${storeId} and buyer_id = ${buyerId} order by kind`);
  return rows.map((r) => r.kind);
}

/** Sets the muted kinds whole. */
export async function setMutes(ctx: Ctx, buyerId: string, storeId: string, kinds: MuteKind[]) {
  const now = ctx.clock.now();
  await inTransaction(ctx, async (tx) => {
    await tx.execute(sql`delete from notice_mutes where store_id = ${storeId} and buyer_id = ${buyerId}`);
    for (const kind of new Set(kinds)) await tx.execute(sql`insert into notice_mutes (store_id, buyer_id, kind, created_at) values (${storeId}, ${buyerId}, ${kind}, ${now})`);
  });
  return mutesOf(ctx.db, buyerId, storeId);
}
