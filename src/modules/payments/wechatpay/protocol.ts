// The WeChat Pay API v3 messages Trio uses, with their published field names: the client builds and reads them,
// the sandbox validates them.
import { z } from 'zod';

/** out_trade_no: 6 to 32 characters of letters, digits, _ - * (unique per merchant). */
export const outTradeNo = z.string().regex(/^[A-Za-z0-9_*-]{6,32}$/, 'out_trade_no is 6 to 32 letters, digits, _ - *');
/** out_refund_no: 1 to 64 characters of letters, digits, _ - | * @. */
export const outRefundNo = z.string().regex(/^[A-Za-z0-9_|*@-]{1,64}$/, 'out_refund_no is 1 to 64 letters, digits, _ - | * @');

const amountIn = z.object({ total: z.number().int().min(1), currency: z.string().default('CNY') });

export const prepayRequest = z.object({
  appid: z.string().min(1).max(32),
  mchid: z.string().min(1).max(32),
  description: z.string().min(1).max(127),
  out_trade_no: outTradeNo,
  time_expire: z.string().max(64).optional(),
  attach: z.string().max(128).optional(),
  notify_url: z.string().url().max(256),
  goods_tag: z.string().max(32).optional(),
  amount: amountIn,
  payer: z.object({ openid: z.string().min(1).max(128) }).optional(),
  /** profit_sharing: the transaction may be shared (分账) to receivers later; its money stays frozen until shared or unfrozen. */
  settle_info: z.object({ profit_sharing: z.boolean().optional() }).optional(),
});
export type PrepayRequest = z.input<typeof prepayRequest>;

export const closeRequest = z.object({ mchid: z.string().min(1).max(32) });

export const refundRequest = z
  .object({
    transaction_id: z.string().min(1).max(32).optional(),
    out_trade_no: outTradeNo.optional(),
    out_refund_no: outRefundNo,
    reason: z.string().max(80).optional(),
    notify_url: z.string().url().max(256).optional(),
    funds_account: z.string().optional(),
    amount: z.object({ refund: z.number().int().min(1), total: z.number().int().min(1), currency: z.string() }),
  })
  .refine((r) => r.transaction_id || r.out_trade_no, 'transaction_id or out_trade_no is required');
export type RefundRequest = z.input<typeof refundRequest>;

export const TRADE_STATES = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'] as const;
export type TradeState = (typeof TRADE_STATES)[number];

/** A transaction, as the query answers it and as a TRANSACTION.* notification carries it (decrypted). */
export const transaction = z.looseObject({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_type: z.string().optional(),
  trade_state: z.enum(TRADE_STATES),
  trade_state_desc: z.string().optional(),
  bank_type: z.string().optional(),
  attach: z.string().optional(),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z.object({ total: z.number().int(), payer_total: z.number().int().optional(), currency: z.string(), payer_currency: z.string().optional() }).optional(),
});
export type Transaction = z.infer<typeof transaction>;

export const REFUND_STATUSES = ['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** A refund, as the refund and refund query calls answer it. */
export const refund = z.looseObject({
  refund_id: z.string(),
  out_refund_no: z.string(),
  transaction_id: z.string().optional(),
  out_trade_no: z.string().optional(),
  channel: z.string().optional(),
  user_received_account: z.string().optional(),
  success_time: z.string().optional(),
  create_time: z.string().optional(),
  status: z.enum(REFUND_STATUSES),
  funds_account: z.string().optional(),
  amount: z.looseObject({ total: z.number().int(), refund: z.number().int(), payer_total: z.number().int().optional(), payer_refund: z.number().int().optional(), currency: z.string() }),
});
export type Refund = z.infer<typeof refund>;

/** A REFUND.* notification's resource, decrypted. */
export const refundResource = z.looseObject({
  mchid: z.string(),
  out_trade_no: z.string().optional(),
  transaction_id: z.string().optional(),
  out_refund_no: z.string(),
  refund_id: z.string(),
  refund_status: z.enum(REFUND_STATUSES),
  success_time: z.string().optional(),
  user_received_account: z.string().optional(),
  amount: z.object({ total: z.number().int(), refund: z.number().int(), payer_total: z.number().int().optional(), payer_refund: z.number().int().optional() }),
});
export type RefundResource = z.infer<typeof refundResource>;

/** The notification envelope WeChat Pay POSTs to notify_url. */
export const notification = z.looseObject({
  id: z.string(),
  create_time: z.string(),
  event_type: z.string(),
  resource_type: z.string(),
  summary: z.string().optional(),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string(),
    associated_data: z.string().optional(),
    original_type: z.string().optional(),
    nonce: z.string(),
  }),
});
export type Notification = z.infer<typeof notification>;

/** An error answer of the API. */
export type ApiError = { code: string; message: string };

/** RFC 3339 in China time (+08:00), the form of WeChat Pay's examples, e.g. 2026-11-01T16:30:00+08:00. */
export function rfc3339(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${t}+08:00`;
}

/** GET /v3/certificates: the platform certificates, each encrypted with the API v3 key (associated_data "certificate"). */
export const certificatesAnswer = z.object({
  data: z.array(z.looseObject({
    serial_no: z.string().min(1).max(64),
    effective_time: z.string(),
    expire_time: z.string(),
    encrypt_certificate: z.object({ algorithm: z.string(), nonce: z.string(), associated_data: z.string().optional(), ciphertext: z.string() }),
  })),
});
export type CertificatesAnswer = z.infer<typeof certificatesAnswer>;

// ---- Profit sharing (分账): a share of a paid transaction sent to a receiver the merchant added beforehand.

/** out_order_no of a profit-sharing order: 1 to 64 letters, digits, _ - | * @. */
export const outOrderNo = z.string().regex(/^[A-Za-z0-9_|*@-]{1,64}$/, 'out_order_no is 1 to 64 letters, digits, _ - | * @');
export const RECEIVER_TYPES = ['MERCHANT_ID', 'PERSONAL_OPENID'] as const;
export type ReceiverType = (typeof RECEIVER_TYPES)[number];
export const RELATION_TYPES = ['STORE', 'STAFF', 'STORE_OWNER', 'PARTNER', 'HEADQUARTER', 'BRAND', 'DISTRIBUTOR', 'USER', 'SUPPLIER', 'CUSTOM'] as const;

/** POST /v3/profitsharing/receivers/add. name is encrypted with the platform key named by the Wechatpay-Serial header. */
export const receiverAddRequest = z.object({
  appid: z.string().min(1).max(32),
  type: z.enum(RECEIVER_TYPES),
  account: z.string().min(1).max(64),
  name: z.string().max(1024).optional(),
  relation_type: z.enum(RELATION_TYPES),
  custom_relation: z.string().max(10).optional(),
}).refine((r) => r.type !== 'MERCHANT_ID' || !!r.name, 'name is required for a MERCHANT_ID receiver')
  .refine((r) => r.relation_type !== 'CUSTOM' || !!r.custom_relation, 'custom_relation is required for relation_type CUSTOM');
export type ReceiverAddRequest = z.input<typeof receiverAddRequest>;
export const receiverAdded = z.looseObject({ type: z.enum(RECEIVER_TYPES), account: z.string(), relation_type: z.string() });

/** POST /v3/profitsharing/orders. */
export const profitSharingRequest = z.object({
  appid: z.string().min(1).max(32),
  transaction_id: z.string().min(1).max(32),
  out_order_no: outOrderNo,
  receivers: z.array(z.object({
    type: z.enum(RECEIVER_TYPES), account: z.string().min(1).max(64), name: z.string().max(1024).optional(),
    amount: z.number().int().min(1), description: z.string().min(1).max(80),
  })).min(1).max(50),
  unfreeze_unsplit: z.boolean(),
});
export type ProfitSharingRequest = z.input<typeof profitSharingRequest>;

export const PROFIT_SHARING_STATES = ['PROCESSING', 'FINISHED'] as const;
export const RECEIVER_RESULTS = ['PENDING', 'SUCCESS', 'CLOSED'] as const;
export type ReceiverResult = (typeof RECEIVER_RESULTS)[number];

/** A profit-sharing order, as POST /v3/profitsharing/orders and GET /v3/profitsharing/orders/{out_order_no} answer it. */
export const profitSharingOrder = z.looseObject({
  transaction_id: z.string(),
  out_order_no: z.string(),
  order_id: z.string(),
  state: z.enum(PROFIT_SHARING_STATES),
  receivers: z.array(z.looseObject({
    amount: z.number().int(), description: z.string().optional(), type: z.string(), account: z.string(),
    result: z.enum(RECEIVER_RESULTS), fail_reason: z.string().optional(), detail_id: z.string().optional(),
    create_time: z.string().optional(), finish_time: z.string().optional(),
  })).optional(),
});
export type ProfitSharingOrder = z.infer<typeof profitSharingOrder>;

// ---- Profit-sharing return (分账回退): before refunding a shared transaction, what a receiver got is taken back.

/** out_return_no of a return: 1 to 64 letters, digits, _ - | * @. */
export const outReturnNo = z.string().regex(/^[A-Za-z0-9_|*@-]{1,64}$/, 'out_return_no is 1 to 64 letters, digits, _ - | * @');

/** POST /v3/profitsharing/return-orders: names the profit-sharing order (order_id or out_order_no) and the merchant receiver to take from. */
export const returnOrderRequest = z.object({
  order_id: z.string().min(1).max(64).optional(),
  out_order_no: outOrderNo.optional(),
  out_return_no: outReturnNo,
  return_mchid: z.string().min(1).max(32),
  amount: z.number().int().min(1),
  description: z.string().min(1).max(80),
}).refine((r) => r.order_id || r.out_order_no, 'order_id or out_order_no is required');
export type ReturnOrderRequest = z.input<typeof returnOrderRequest>;

export const RETURN_RESULTS = ['PROCESSING', 'SUCCESS', 'FAILED'] as const;
export type ReturnResult = (typeof RETURN_RESULTS)[number];

/** A return, as POST /v3/profitsharing/return-orders and GET /v3/profitsharing/return-orders/{out_return_no}?out_order_no= answer it. */
export const returnOrder = z.looseObject({
  order_id: z.string(),
  out_order_no: z.string(),
  out_return_no: z.string(),
  return_id: z.string(),
  return_mchid: z.string(),
  amount: z.number().int(),
  description: z.string().optional(),
  result: z.enum(RETURN_RESULTS),
  /** ACCOUNT_ABNORMAL (the receiver's account), TIME_OUT_CLOSED, PAYER_ACCOUNT_ABNORMAL. */
  fail_reason: z.string().optional(),
  create_time: z.string().optional(),
  finish_time: z.string().optional(),
});
export type ReturnOrder = z.infer<typeof returnOrder>;
