// The buyer's inbox: one list across stores, read state, unread counts. Every message is written by `writeMessage`,
// inside the transaction of what causes it; it takes a per-buyer lock first, so that one buyer's message ids commit in
// the order they grow (a live stream resuming after id N never misses a smaller id committed later), and NOTIFYs the
// buyer's channel, which every server process hears at commit (live.ts).
import { sql, type SQL } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import { loadListing } from '../catalog/index.ts';
import type { MessageKind, NoticeKind } from './schema.ts';
import type { Texts } from './rules.ts';

/** The channel every process LISTENs on; the payload is the buyer's id. */
export const INBOX_CHANNEL = 'trio_inbox';

export type NewMessage = {
  storeId: string; buyerId: string; kind: MessageKind; noticeKind?: NoticeKind | null; payload: Record<string, unknown>;
  /** One message per (store, buyer, key), however often the event is delivered. */
  onceKey?: string | null; at: Date;
  /** The buyer's own messages are read when written. */
  read?: boolean;
};

/** Writes one message (nothing when its once key was used already); returns its id or null. */
export async function writeMessage(tx: Db, m: NewMessage): Promise<number | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(7301, hashtext(${m.buyerId}::text))`);
  const [row] = await queryRows<{ id: number | string }>(tx, sql`
    insert into inbox_messages (store_id, buyer_id, kind, notice_kind, payload, once_key, created_at, read_at)
    values (${m.storeId}, ${m.buyerId}, ${m.kind}, ${m.noticeKind ?? null}, ${JSON.stringify(m.payload)}::jsonb, ${m.onceKey ?? null}, ${m.at}, ${m.read ? m.at : null})
    on conflict (store_id, buyer_id, once_key) do nothing returning id`);
  if (!row) return null;
  await tx.execute(sql`select pg_notify(${INBOX_CHANNEL}, ${m.buyerId}::text)`);
  return Number(row.id);
}

/** A product card of an article: read from the catalog when the message is read (today's price; null: no longer on sale). */
export type ProductCard = { productId: string; title: string | null; imageId: string | null; price: number | null; currency: string | null; available: boolean };

export type MessageView = {
  id: number; storeId: string; storeName: string; kind: MessageKind; noticeKind: NoticeKind | null;
  texts: Texts | null; text: string | null; title: string | null; broadcastId: string | null; products: ProductCard[];
  orderId: string | null; giftId: string | null; afterSaleId: string | null;
  productId: string | null; skuId: string | null; quantity: number | null; couponId: string | null;
  fromBuyer: boolean; read: boolean; createdAt: string;
};
type Row = { id: number | string; storeId: string; storeName: string; kind: MessageKind; noticeKind: NoticeKind | null; payload: Record<string, unknown>; readAt: Date | string | null; createdAt: Date | string };

const str = (v: unknown) => (typeof v === 'string' ? v : null);
function view(r: Row): MessageView {
  const p = r.payload ?? {};
  return {
    id: Number(r.id), storeId: r.storeId, storeName: r.storeName, kind: r.kind, noticeKind: r.noticeKind,
    texts: (p.texts as Texts | undefined) ?? null, text: str(p.text), title: str(p.title), broadcastId: str(p.broadcastId), products: [], orderId: str(p.orderId), giftId: str(p.giftId), afterSaleId: str(p.afterSaleId),
    productId: str(p.productId), skuId: str(p.skuId), quantity: typeof p.quantity === 'number' ? p.quantity : null, couponId: str(p.couponId),
    fromBuyer: r.kind === 'buyer_message', read: r.readAt !== null, createdAt: new Date(r.createdAt).toISOString(),
  };
}

const columns = sql`m.id, m.store_id as "storeId", coalesce(s.name, '') as "storeName", m.kind, m.notice_kind as "noticeKind", m.payload, m.read_at as "readAt", m.created_at as "createdAt"`;

async function messages(db: Db, where: SQL, order: 'asc' | 'desc', limit: number): Promise<MessageView[]> {
  return viewsOf(db, await queryRows<Row>(db, sql`select ${columns} from inbox_messages m left join stores s on s.id = m.store_id
    where ${where} order by m.id ${sql.raw(order)} limit ${limit}`));
}

async function viewsOf(db: Db, rows: Row[]): Promise<MessageView[]> {
  const list = rows.map(view);
  // Articles' product cards: one catalog read for the page, at today's prices.
  const ids = [...new Set(rows.flatMap((r) => (Array.isArray(r.payload?.productIds) ? (r.payload.productIds as string[]) : [])))];
  if (ids.length) {
    const listed = new Map((await loadListing(db, { channel: 'store', ids, limit: ids.length, offset: 0 })).map((p) => [p.id, p]));
    rows.forEach((r, i) => {
      list[i].products = ((r.payload?.productIds as string[] | undefined) ?? []).map((productId) => {
        const p = listed.get(productId);
        return { productId, title: p?.title ?? null, imageId: p?.imageIds?.[0] ?? null, price: p?.minPrice ?? null, currency: p?.currency ?? null, available: !!p && p.skus.some((k) => k.stock > 0) };
      });
    });
  }
  return list;
}

/**
 * For each position (a live stream's buyer and the last id it sent), the messages after it, oldest first, at most
 * `limit` each: one read for every stream woken at once (a broadcast wakes thousands), in the positions' order.
 */
export async function messagesAfterMany(db: Db, after: { buyerId: string; lastId: number }[], limit: number): Promise<MessageView[][]> {
  if (!after.length) return [];
  const rows = await queryRows<Row & { at: number }>(db, sql`select w.i as at, ${columns}
    from unnest(${pgArray(after.map((a) => a.buyerId))}::uuid[], ${pgArray(after.map((a) => a.lastId))}::bigint[]) with ordinality as w(buyer_id, last_id, i)
      cross join lateral (select * from inbox_messages m where m.buyer_id = w.buyer_id and m.id > w.last_id order by m.id limit ${limit}) m
      left join stores s on s.id = m.store_id
    order by w.i, m.id`);
  const views = await viewsOf(db, rows);
  const out: MessageView[][] = after.map(() => []);
  rows.forEach((r, k) => out[Number(r.at) - 1].push(views[k]));
  return out;
}

export type UnreadCounts = { count: number; byStore: { storeId: string; count: number }[] };

/** Unread messages of each of these buyers, in all and per store (one read). */
export async function unreadMany(db: Db, buyerIds: string[]): Promise<Map<string, UnreadCounts>> {
  const out = new Map<string, UnreadCounts>(buyerIds.map((b) => [b, { count: 0, byStore: [] }]));
  if (!buyerIds.length) return out;
  const rows = await queryRows<{ buyerId: string; storeId: string; n: number | string }>(db, sql`
    select buyer_id as "buyerId", store_id as "storeId", count(*) as n from inbox_messages
    where buyer_id = any(${pgArray(buyerIds)}::uuid[]) and read_at is null group by buyer_id, store_id`);
  for (const r of rows) {
    const c = out.get(r.buyerId)!;
    c.byStore.push({ storeId: r.storeId, count: Number(r.n) });
    c.count += Number(r.n);
  }
  return out;
}

/** The buyer's inbox, newest first, across stores or for one store, before an id (paging back). */
export function inboxPage(db: Db, buyerId: string, opts: { storeId?: string; before?: number; limit: number }) {
  const conds = [sql`m.buyer_id = ${buyerId}`];
  if (opts.storeId) conds.push(sql`m.store_id = ${opts.storeId}`);
  if (opts.before) conds.push(sql`m.id < ${opts.before}`);
  return messages(db, sql.join(conds, sql` and `), 'desc', opts.limit);
}

/** One message of the buyer (undefined when it is not theirs). */
export async function messageOf(db: Db, buyerId: string, id: number) {
  const [m] = await messages(db, sql`m.buyer_id = ${buyerId} and m.id = ${id}`, 'desc', 1);
  return m;
}

/** Unread messages of the buyer, in all and per store. */
export async function unread(db: Db, buyerId: string): Promise<UnreadCounts> {
  return (await unreadMany(db, [buyerId])).get(buyerId)!;
}

/** Marks the buyer's messages read: one, a store's, or all up to an id. Returns the unread counts after. */
export async function markRead(db: Db, buyerId: string, now: Date, which: { id?: number; storeId?: string; upTo?: number }) {
  const conds = [sql`buyer_id = ${buyerId}`, sql`read_at is null`];
  if (which.id) conds.push(sql`id = ${which.id}`);
  if (which.storeId) conds.push(sql`store_id = ${which.storeId}`);
  if (which.upTo) conds.push(sql`id <= ${which.upTo}`);
  await db.execute(sql`with marked as (update inbox_messages set read_at = ${now} where ${sql.join(conds, sql` and `)} returning 1)
    select pg_notify(${INBOX_CHANNEL}, ${buyerId}::text) where exists (select 1 from marked)`);
  return unread(db, buyerId);
}
