// Conversations: a buyer writes to a store from the inbox or an order; the store's staff answer from a queue, within
// TRIO_SERVICE_REPLY_WINDOW_HOURS of the buyer's last message (after that the reply box is closed and says why, as
// WeChat's service accounts do). Both sides' messages are inbox messages of the buyer (kinds buyer_message and
// store_reply), so the buyer's live stream carries the answer.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { inTransaction } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { messageOf, writeMessage, type MessageView } from './inbox.ts';
import { replyWindow } from './rules.ts';

/** The buyer writes to a store (open); about one of their orders there, if `orderId` is given. */
export async function writeToStore(ctx: Ctx, buyerId: string, storeId: string, input: { text: string; orderId?: string | null }): Promise<MessageView> {
  const [store] = await queryRows<{ id: string }>(ctx.db, sql`select id from stores where id = ${storeId} and status = 'open'`);
  if (!store) throw new NotFound('store');
  if (input.orderId) {
    const [o] = await queryRows<{ id: string }>(ctx.db, sql`select id from orders where id = ${input.orderId} and buyer_id = ${buyerId} and store_id = ${storeId}`);
    if (!o) throw new Invalid('conversation_order_not_found', 'This order is not yours at this store.');
  }
  const now = ctx.clock.now();
  const id = await inTransaction(ctx, async (tx) => {
    await tx.execute(sql`insert into service_conversations (store_id, buyer_id, last_buyer_message_at, order_id) values (${storeId}, ${buyerId}, ${now}, ${input.orderId ?? null})
      on conflict (store_id, buyer_id) do update set last_buyer_message_at = excluded.last_buyer_message_at, order_id = coalesce(excluded.order_id, service_conversations.order_id)`);
    return writeMessage(tx, { storeId, buyerId, kind: 'buyer_message', payload: { text: input.text, ...(input.orderId ? { orderId: input.orderId } : {}) }, at: now, read: true });
  });
  return (await messageOf(ctx.db, buyerId, id!))!;
}

type ConversationRow = { buyerId: string; name: string; lastBuyerMessageAt: Date | string; lastReplyAt: Date | string | null; orderId: string | null; lastText: string | null };
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function conversationView(ctx: Ctx, r: ConversationRow) {
  const last = new Date(r.lastBuyerMessageAt);
  const w = replyWindow(last, ctx.config.serviceReplyWindowHours, ctx.clock.now());
  const lastReply = r.lastReplyAt ? new Date(r.lastReplyAt) : null;
  return {
    buyerId: r.buyerId, name: r.name, orderId: r.orderId, lastText: r.lastText,
    lastBuyerMessageAt: last.toISOString(), lastReplyAt: iso(r.lastReplyAt),
    waiting: !lastReply || lastReply < last, replyOpen: w.open, replyClosesAt: iso(w.closesAt),
  };
}

const conversationColumns = sql`c.buyer_id as "buyerId", u.display_name as name, c.last_buyer_message_at as "lastBuyerMessageAt", c.last_reply_at as "lastReplyAt", c.order_id as "orderId",
  (select m.payload->>'text' from inbox_messages m where m.store_id = c.store_id and m.buyer_id = c.buyer_id and m.kind in ('buyer_message', 'store_reply') order by m.id desc limit 1) as "lastText"`;

/** The store's queue: conversations waiting for an answer first (oldest wait first), then the others, newest first. */
export async function conversationQueue(ctx: Ctx, storeId: string, opts: { waitingOnly: boolean; limit: number }) {
  const rows = await queryRows<ConversationRow>(ctx.db, sql`select ${conversationColumns}
    from service_conversations c join users u on u.id = c.buyer_id
    where c.store_id = ${storeId} ${opts.waitingOnly ? sql`and (c.last_reply_at is null or c.last_reply_at < c.last_buyer_message_at)` : sql``}
    order by (c.last_reply_at is null or c.last_reply_at < c.last_buyer_message_at) desc,
      case when c.last_reply_at is null or c.last_reply_at < c.last_buyer_message_at then c.last_buyer_message_at end asc,
      c.last_buyer_message_at desc
    limit ${opts.limit}`);
  return rows.map((r) => conversationView(ctx, r));
}

async function conversationRow(db: Db, storeId: string, buyerId: string) {
  const [r] = await queryRows<ConversationRow>(db, sql`select ${conversationColumns} from service_conversations c join users u on u.id = c.buyer_id
    where c.store_id = ${storeId} and c.buyer_id = ${buyerId}`);
  if (!r) throw new NotFound('conversation');
  return r;
}

/** One conversation for the staff: its messages (the buyer's and the store's, oldest first) and the reply window. */
export async function conversation(ctx: Ctx, storeId: string, buyerId: string) {
  const r = await conversationRow(ctx.db, storeId, buyerId);
  const messages = await queryRows<{ id: number | string; kind: string; text: string | null; orderId: string | null; createdAt: Date | string }>(ctx.db, sql`
    select id, kind, payload->>'text' as text, payload->>'orderId' as "orderId", created_at as "createdAt" from inbox_messages
    where store_id = ${storeId} and buyer_id = ${buyerId} and kind in ('buyer_message', 'store_reply') order by id desc limit 200`);
  return {
    ...conversationView(ctx, r), windowHours: ctx.config.serviceReplyWindowHours,
    messages: messages.reverse().map((m) => ({ id: Number(m.id), fromBuyer: m.kind === 'buyer_message', text: m.text ?? '', orderId: m.orderId, createdAt: new Date(m.createdAt).toISOString() })),
  };
}

/** A member of the store answers; refused once the window since the buyer's last message has passed. */
export async function reply(ctx: Ctx, staff: { userId: string; displayName: string }, storeId: string, buyerId: string, text: string) {
  const now = ctx.clock.now();
  await inTransaction(ctx, async (tx) => {
    const [c] = await queryRows<{ last: Date | string }>(tx, sql`select last_buyer_message_at as last from service_conversations
      where store_id = ${storeId} and buyer_id = ${buyerId} for update`);
    if (!c) throw new NotFound('conversation');
    const w = replyWindow(new Date(c.last), ctx.config.serviceReplyWindowHours, now);
    if (!w.open) {
      throw new Conflict('reply_window_closed', `A store may answer within ${ctx.config.serviceReplyWindowHours} hours of the buyer's last message; this one closed at ${w.closesAt!.toISOString()}. The buyer can write again.`, { closedAt: w.closesAt!.toISOString() });
    }
    await tx.execute(sql`update service_conversations set last_reply_at = ${now} where store_id = ${storeId} and buyer_id = ${buyerId}`);
    await writeMessage(tx, { storeId, buyerId, kind: 'store_reply', payload: { text, staffId: staff.userId }, at: now });
  });
  return conversation(ctx, storeId, buyerId);
}
