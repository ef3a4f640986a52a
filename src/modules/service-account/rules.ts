// Pure rules of the service account: the default wording of every notice in each language, the fields a notice may
// name, rendering a template (a field the event did not carry shows as a dash, never as "undefined"), which outbox
// topic gives which notice, and the reply window of a conversation. No I/O.
import { LOCALE_TAGS, formatMoney } from '../../kernel/money.ts';
import type { NoticeKind } from './schema.ts';

export const LANGS = ['en', 'zh', 'vi'] as const;
export type Lang = (typeof LANGS)[number];
export type Texts = Record<Lang, string>;

/** The fields each kind of notice may name as {field}. */
export const NOTICE_FIELDS: Record<NoticeKind, readonly string[]> = {
  order_paid: ['store', 'order', 'total'],
  order_shipped: ['store', 'order', 'carrier', 'trackingNo'],
  order_delivered: ['store', 'order'],
  gift_received: ['store', 'from'],
  gift_claimed: ['store', 'claimant', 'claimed', 'units'],
  gift_refunded: ['store', 'amount'],
  aftersale_changed: ['store', 'order', 'state'],
  repurchase_reminder: ['store', 'product', 'days'],
  coupon_sent: ['store', 'coupon', 'until'],
  coupon_expiring: ['store', 'coupon', 'until'],
  points_expiring: ['store', 'points', 'until'],
};

export const DEFAULT_TEMPLATES: Record<NoticeKind, Texts> = {
  order_paid: {
    en: 'Thank you! {store} received your payment of {total} for order {order}.',
    zh: '感谢您的购买！{store}已收到订单 {order} 的付款 {total}。',
    vi: 'Cảm ơn bạn! {store} đã nhận thanh toán {total} cho đơn hàng {order}.',
  },
  order_shipped: {
    en: 'Your order {order} from {store} is on its way: {carrier}, tracking number {trackingNo}.',
    zh: '您在{store}的订单 {order} 已发货：{carrier}，运单号 {trackingNo}。',
    vi: 'Đơn hàng {order} từ {store} đang được giao: {carrier}, mã vận đơn {trackingNo}.',
  },
  order_delivered: {
    en: 'Your order {order} from {store} is complete. Enjoy!',
    zh: '您在{store}的订单 {order} 已完成，祝您使用愉快！',
    vi: 'Đơn hàng {order} từ {store} đã hoàn tất. Chúc bạn hài lòng!',
  },
  gift_received: {
    en: '{from} sent you a gift from {store}. Open it to accept.',
    zh: '{from}送了您一份来自{store}的礼物，快去领取吧。',
    vi: '{from} đã gửi bạn một món quà từ {store}. Mở ra để nhận nhé.',
  },
  gift_claimed: {
    en: '{claimant} accepted your gift from {store} ({claimed} of {units}).',
    zh: '{claimant}领取了您在{store}送出的礼物（{claimed}/{units}）。',
    vi: '{claimant} đã nhận món quà bạn gửi từ {store} ({claimed}/{units}).',
  },
  gift_refunded: {
    en: 'The unclaimed part of your gift from {store} was refunded: {amount}.',
    zh: '您在{store}送出的礼物未领取部分已退款：{amount}。',
    vi: 'Phần quà chưa được nhận từ {store} đã được hoàn tiền: {amount}.',
  },
  aftersale_changed: {
    en: 'Your after-sales request for order {order} at {store}: {state}.',
    zh: '您在{store}的订单 {order} 售后申请：{state}。',
    vi: 'Yêu cầu hậu mãi cho đơn hàng {order} tại {store}: {state}.',
  },
  repurchase_reminder: {
    en: 'It has been {days} days since your {product} from {store} arrived. Running low? Order it again in one tap.',
    zh: '您在{store}购买的{product}已收到 {days} 天，快用完了吗？一键再次购买。',
    vi: 'Đã {days} ngày kể từ khi bạn nhận {product} từ {store}. Sắp hết chưa? Đặt lại chỉ với một chạm.',
  },
  coupon_sent: {
    en: '{store} sent you a coupon: {coupon}. Use it by {until}.',
    zh: '{store}送您一张优惠券：{coupon}，请在 {until} 前使用。',
    vi: '{store} đã tặng bạn phiếu giảm giá: {coupon}. Dùng trước {until}.',
  },
  coupon_expiring: {
    en: 'Your coupon {coupon} from {store} expires on {until}.',
    zh: '您在{store}的优惠券 {coupon} 将于 {until} 过期。',
    vi: 'Phiếu giảm giá {coupon} của {store} sẽ hết hạn vào {until}.',
  },
  points_expiring: {
    en: '{points} of your points at {store} expire on {until}.',
    zh: '您在{store}的 {points} 积分将于 {until} 过期。',
    vi: '{points} điểm của bạn tại {store} sẽ hết hạn vào {until}.',
  },
};

/** After-sales states in the buyer's words (anything else shows as its code). */
const AFTERSALE_STATES: Record<string, Texts> = {
  merchant_processing: { en: 'waiting for the store', zh: '等待商家处理', vi: 'đang chờ cửa hàng' },
  waiting_buyer_confirm: { en: 'the store proposes other terms', zh: '商家提出了新方案', vi: 'cửa hàng đề xuất phương án khác' },
  merchant_rejected: { en: 'rejected by the store', zh: '商家已拒绝', vi: 'cửa hàng đã từ chối' },
  in_dispute: { en: 'with the platform for a decision', zh: '平台介入处理中', vi: 'nền tảng đang xem xét' },
  waiting_buyer_return: { en: 'please send the item back', zh: '请寄回商品', vi: 'vui lòng gửi trả hàng' },
  waiting_merchant_receipt: { en: 'the store is waiting for the return', zh: '等待商家收货', vi: 'cửa hàng đang chờ nhận hàng trả' },
  exchange_reshipped: { en: 'the exchange is on its way', zh: '换货已寄出', vi: 'hàng đổi đang được gửi' },
  refunding: { en: 'refund under way', zh: '退款中', vi: 'đang hoàn tiền' },
  refunded: { en: 'refunded', zh: '已退款', vi: 'đã hoàn tiền' },
  completed: { en: 'completed', zh: '已完成', vi: 'đã hoàn tất' },
  closed: { en: 'closed', zh: '已关闭', vi: 'đã đóng' },
  user_cancelled: { en: 'cancelled', zh: '已撤销', vi: 'đã hủy' },
};

/** Shown for a field the event did not carry. */
export const MISSING = '—';

/** A template with its fields filled in; a field without a value, or one the kind does not know, shows as a dash. */
export type FieldValue = string | number | null | undefined;
export function render(template: string, fields: Record<string, FieldValue>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = fields[name];
    return v === undefined || v === null || v === '' ? MISSING : String(v);
  });
}

/** The placeholders of a template the kind does not offer (a merchant's typo is refused, not sent as a dash). */
export function unknownFields(kind: NoticeKind, template: string): string[] {
  const known = NOTICE_FIELDS[kind];
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((f) => !known.includes(f));
}

/** Money in minor units as each language's screens show it (kernel/money.ts formatMoney): ¥123.45, 123,45 CN¥, ... */
export function moneyText(amount: number | null | undefined, currency: string | null | undefined): Texts | undefined {
  if (amount === null || amount === undefined || !currency || !Number.isSafeInteger(amount)) return undefined;
  return Object.fromEntries(LANGS.map((lang) => [lang, formatMoney(amount, currency, LOCALE_TAGS[lang])])) as Texts;
}

/** A short order reference a buyer can match with the order page (the id's first 8 characters). */
export const orderRef = (orderId: unknown) => (typeof orderId === 'string' ? orderId.slice(0, 8).toUpperCase() : undefined);

/** The texts of a notice in every language: the store's wording where it has one, the default otherwise. */
export function noticeTexts(kind: NoticeKind, custom: Partial<Texts>, fields: Record<string, FieldValue | Texts>, state?: string): Texts {
  const out = {} as Texts;
  for (const lang of LANGS) {
    const inLang = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v !== null && typeof v === 'object' ? v[lang] : v]));
    const stateText = state ? (AFTERSALE_STATES[state]?.[lang] ?? state) : undefined;
    out[lang] = render(custom[lang] ?? DEFAULT_TEMPLATES[kind][lang], { ...inLang, state: stateText });
  }
  return out;
}

/** Which notice an outbox topic gives, and who receives it: the order's buyer, or the user the payload names. */
export const NOTICE_TOPICS: Record<string, { kind: NoticeKind; to: 'order_buyer' | 'payload_user' }> = {
  'order.paid': { kind: 'order_paid', to: 'order_buyer' },
  'order.shipped': { kind: 'order_shipped', to: 'order_buyer' },
  'order.completed': { kind: 'order_delivered', to: 'order_buyer' },
  'message.gift_received': { kind: 'gift_received', to: 'payload_user' },
  'message.gift_claimed': { kind: 'gift_claimed', to: 'payload_user' },
  'message.gift_refunded': { kind: 'gift_refunded', to: 'payload_user' },
};
/** After-sales topics are 'aftersales.<state>'; these states are worth a notice. */
export const AFTERSALE_NOTICE_STATES = Object.keys(AFTERSALE_STATES).filter((s) => s !== 'merchant_processing' && s !== 'user_cancelled');

export function noticeOfTopic(topic: string): { kind: NoticeKind; to: 'order_buyer' | 'payload_user'; state?: string } | undefined {
  if (NOTICE_TOPICS[topic]) return NOTICE_TOPICS[topic];
  const m = /^aftersales\.(\w+)$/.exec(topic);
  if (m && AFTERSALE_NOTICE_STATES.includes(m[1])) return { kind: 'aftersale_changed', to: 'order_buyer', state: m[1] };
  return undefined;
}

/** A date as the buyer reads it in a notice (the day in the platform's time zone, ISO order: 2026-12-31). */
export function dateText(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** One paid order's line for the repeat-purchase rate: who bought which product in which order. */
export type Purchase = { buyerId: string; orderId: string; productId: string };
export type RepeatRate = { buyers: number; repeatBuyers: number; rate: number };

const rateOf = (orders: Map<string, Set<string>>): RepeatRate => {
  const buyers = orders.size;
  const repeatBuyers = [...orders.values()].filter((o) => o.size >= 2).length;
  return { buyers, repeatBuyers, rate: buyers ? repeatBuyers / buyers : 0 };
};

/**
 * The repeat-purchase rate: of the buyers who bought (the store: anything; a product: that product), the share who
 * bought in two or more separate orders. Several lines of one order are one purchase. Products by repeat buyers, most
 * first (ties: more buyers, then the id).
 */
export function repeatRates(purchases: Purchase[]): { store: RepeatRate; products: (RepeatRate & { productId: string })[] } {
  const store = new Map<string, Set<string>>();
  const byProduct = new Map<string, Map<string, Set<string>>>();
  for (const p of purchases) {
    (store.get(p.buyerId) ?? store.set(p.buyerId, new Set()).get(p.buyerId)!).add(p.orderId);
    const m = byProduct.get(p.productId) ?? byProduct.set(p.productId, new Map()).get(p.productId)!;
    (m.get(p.buyerId) ?? m.set(p.buyerId, new Set()).get(p.buyerId)!).add(p.orderId);
  }
  const products = [...byProduct].map(([productId, m]) => ({ productId, ...rateOf(m) }))
    .sort((a, b) => b.repeatBuyers - a.repeatBuyers || b.buyers - a.buyers || a.productId.localeCompare(b.productId));
  return { store: rateOf(store), products };
}

/**
 * A store may answer within `hours` of the buyer's last message (WeChat's rule for service accounts). Returns whether
 * the reply box is open now and when it closes.
 */
export function replyWindow(lastBuyerMessageAt: Date | null, hours: number, now: Date): { open: boolean; closesAt: Date | null } {
  if (!lastBuyerMessageAt) return { open: false, closesAt: null };
  const closesAt = new Date(lastBuyerMessageAt.getTime() + hours * 3_600_000);
  return { open: now.getTime() <= closesAt.getTime(), closesAt };
}
