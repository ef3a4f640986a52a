// After-sales over HTTP: the buyer asks (with photos) and follows; the merchant answers from a queue sorted by urgency.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, userOf } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { BadRequest } from '../../kernel/errors.ts';
import { errors, limitQuery, minorAmount, named, uuidParam } from '../../kernel/http.ts';
import { requestKey, sendReplay } from '../../kernel/idempotency.ts';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { storeMembers } from '../merchants/schema.ts';
import { acceptRefundAtOnce } from './accept.ts';
import type { AfterSaleRow } from './lifecycle.ts';
import { readPhoto, uploadPhoto } from './photos.ts';
import { buyerAct, createRequest, merchantAnswer, type BuyerAction, type MerchantAnswer } from './requests.ts';
import { confirmReturnReceipt, reshipExchange } from './returns.ts';
import { actorRole } from '../orders/names.ts';
import { parcelBody, parcelFacts } from '../orders/carrier-schemas.ts';
import { afterSaleAction, afterSaleEvent, afterSaleState, afterSaleType } from './names.ts';
import { AFTERSALE_WAITING } from './rules.ts';
import { listRequests, requestDetail, type RequestDetail } from './views.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const text = (max: number) => z.string().trim().min(1).max(max);
const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(255).optional().describe('Same key and body: the same answer again; same key, other body: 422 idempotency_key_reused') });
const parcel = z.object({ ...parcelFacts, at: z.string() }).nullable();
export const returnAddressView = named(z.object({ name: z.string(), phone: z.string(), region: z.string(), line: z.string(), postalCode: z.string().optional() }), 'ReturnAddress');
const returnAddressPick = z.object({ returnAddressId: uuidParam.optional().describe("Return or exchange: the store's return address the goods go back to (default: the store's default; 409 return_address_required when it keeps none)") });
const decisionOutcome = z.enum(['refund_full', 'refund_partial', 'reject']);
const requestView = named(z.object({
  id: z.string(), storeId: z.string(), storeName: z.string(), orderId: z.string(), orderItemId: z.string(), type: afterSaleType, state: afterSaleState,
  gift: z.boolean().describe("The order is a gift's (its buyer is the recipient; refunds go back to the giver's payment)"),
  moneyHidden: z.boolean().describe("A gift order seen by its recipient: every amount is null (the gift's price is the giver's)"),
  quantity: z.number(), amount: z.number().nullable().describe('Asked back, minor units; null for a gift order seen by its recipient'),
  agreedAmount: z.number().nullable(), currency: z.string(), reason: z.string(), detail: z.string(),
  photoIds: z.array(z.string()), exchangeSkuId: z.string().nullable(), rejectReason: z.string().nullable(),
  proposal: z.object({ amount: z.number().nullable().describe("null for a gift's recipient"), note: z.string(), at: z.string() }).nullable(),
  returnAddress: returnAddressView.nullable().describe('Return or exchange: where the buyer sends the goods (a copy taken when the merchant accepted)'), returnParcel: parcel, reshipParcel: parcel,
  disputeReason: z.string().nullable(),
  decision: z.object({ outcome: decisionOutcome, amount: z.number().nullable().describe("null for a gift's recipient"), note: z.string(), decidedBy: z.string(), at: z.string() }).nullable(),
  refundId: z.string().nullable(), dueAt: z.string().nullable().describe('When the current step times out (the merchant queue sorts by it)'),
  createdAt: z.string(), updatedAt: z.string(), closedAt: z.string().nullable(),
  item: z.object({ id: z.string(), title: z.string(), attrs: z.record(z.string(), z.string()), imageId: z.string().nullable(), skuId: z.string(), quantity: z.number() }).nullable(),
  actions: z.array(afterSaleAction).describe('What the caller (buyer, merchant or operator) may do with the request now, the main move first'),
  waitingFor: z.enum(AFTERSALE_WAITING).nullable().describe('Who the request waits for now (the owner of dueAt); null once it is final'),
}), 'AfterSale');
const eventDetail = z.object({
  type: afterSaleType.optional(), quantity: z.number().optional(), amount: z.number().optional().describe("Minor units; left out for a gift's recipient"),
  reason: z.string().optional(), note: z.string().optional(), carrier: z.string().optional(), carrierName: z.string().nullable().optional(), trackingNo: z.string().optional(),
  refundId: z.string().nullable().optional(), failedRefundId: z.string().nullable().optional(), nothingToSend: z.boolean().optional(), outcome: decisionOutcome.optional(),
}).describe('What the event tells, by event: created {type, quantity, amount}, reject and open_dispute {reason}, propose {amount, note}, ship_return and reship_exchange {carrier, trackingNo}, refunds {refundId, amount}, operator decisions {outcome, amount, note}');
export const afterSaleDetailView = named(requestView.extend({
  timeline: z.array(z.object({ event: afterSaleEvent, actorRole, fromState: afterSaleState.nullable(), toState: afterSaleState.nullable(), detail: eventDetail.nullable(), at: z.string() })),
}), 'AfterSaleDetail');
export const afterSaleListView = named(z.object({ afterSales: z.array(requestView), total: z.number() }), 'AfterSalePage');
export const afterSaleListQuery = z.object({
  state: afterSaleState.optional(), q: z.string().max(100).optional().describe('Request or order number (start), product title, reason'),
  limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const idParams = z.object({ id: uuidParam });
const storeParams = z.object({ storeId: uuidParam });
const storeIdParams = storeParams.extend({ id: uuidParam });

const createBody = z.object({
  orderItemId: uuidParam, type: afterSaleType, quantity: z.number().int().min(1).max(100_000),
  amount: minorAmount.optional().describe('Refund or return: what to get back (default: the whole paid share of the quantity); ignored for an exchange'),
  reason: text(200), detail: z.string().trim().max(1000).optional(), photoIds: z.array(uuidParam).max(50).optional(),
  exchangeSkuId: uuidParam.optional().describe('Exchange: the SKU wanted instead (an active SKU of the same product)'),
});

/**
 * Sends a detail made by this module (views.ts detailOf) as JSON text: it is the AfterSaleDetail schema's shape
 * already, so the schema's serializer (a check and a copy of every field) is not run again.
 */
function sendDetail(reply: FastifyReply, status: number, detail: RequestDetail) {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(detail));
}

/** The stores a merchant works for (their photos it may see). */
async function memberStores(db: Db, userId: string) {
  return (await db.select({ storeId: storeMembers.storeId }).from(storeMembers).where(eq(storeMembers.userId, userId))).map((r) => r.storeId);
}

export function afterSaleRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const me = (req: Parameters<typeof userOf>[0]) => userOf(req).userId;
  const actorId = (req: Parameters<typeof actorOf>[0]) => { const a = actorOf(req); return a.kind === 'user' ? a.userId : null; };
  const tags = ['aftersales'];

  // ---- the buyer
  r.post('/api/orders/:orderId/after-sales', {
    schema: {
      tags, summary: 'Ask for a refund, a return or an exchange of an item (within the after-sales window; one open request per item, 5 at most)',
      params: z.object({ orderId: uuidParam }), headers: idempotencyHeader, body: createBody, response: { 201: afterSaleDetailView, ...EW },
    },
  }, async (req, reply) => {
    const answer = await createRequest(ctx, me(req), req.params.orderId, req.body, requestKey(req));
    if (!answer.replayed) return sendDetail(reply, 201, answer.detail);
    return sendReplay(reply, { status: answer.status, body: await requestDetail(ctx.db, { buyerId: me(req) }, answer.body, ctx.clock.now()) });
  });

  r.post('/api/after-sales/photos', {
    schema: {
      tags, summary: 'Upload a photo as evidence (multipart field "file": JPEG, PNG, WebP or GIF), then name its id in a request', consumes: ['multipart/form-data'],
      response: { 201: z.object({ id: z.string(), width: z.number(), height: z.number(), url: z.string() }), ...errors(400, 401, 403, 413, 415, 422) },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new BadRequest('multipart_expected', 'Send the photo as multipart/form-data with a field "file".');
    const file = await req.file({ limits: { fileSize: ctx.config.afterSalesPhotoMaxBytes + 1, files: 1 } });
    if (!file) throw new BadRequest('file_missing', 'Attach the photo in a field "file".');
    const data = await file.toBuffer();
    return reply.code(201).send(await uploadPhoto(ctx, me(req), data));
  });
  r.get('/api/after-sales/photos/:id', {
    schema: { tags, summary: 'A photo (WebP): for the buyer who took it, the store it was sent to, the operator', produces: ['image/webp'], params: idParams, response: { 200: z.any().meta({ type: 'string', format: 'binary', description: 'The photo, WebP' }), ...E } },
  }, async (req, reply) => {
    const u = userOf(req);
    const who = u.role === 'operator' ? ('any' as const) : u.role === 'buyer' ? { buyerId: u.userId } : { storeIds: await memberStores(ctx.db, u.userId) };
    return reply.type('image/webp').header('cache-control', 'private, max-age=3600').send(await readPhoto(ctx, who, req.params.id));
  });

  r.get('/api/after-sales', { schema: { tags, summary: 'My after-sales requests, newest first', querystring: afterSaleListQuery, response: { 200: afterSaleListView, ...E } } },
    async (req) => listRequests(ctx.db, { buyerId: me(req) }, req.query, ctx.clock.now()));
  r.get('/api/after-sales/:id', { schema: { tags, summary: 'One of my requests, with its timeline', params: idParams, response: { 200: afterSaleDetailView, ...E } } },
    async (req) => requestDetail(ctx.db, { buyerId: me(req) }, req.params.id, ctx.clock.now()));

  const buyerActions: { path: string; summary: string; body?: z.ZodType; action: (b: never) => BuyerAction }[] = [
    { path: 'cancel', summary: 'Withdraw the request', action: () => ({ action: 'cancel' }) },
    { path: 'accept-proposal', summary: "Take the merchant's other terms (their amount is refunded)", action: () => ({ action: 'accept_proposal' }) },
    { path: 'decline-proposal', summary: "Decline the merchant's other terms (back to the merchant)", action: () => ({ action: 'decline_proposal' }) },
    { path: 'confirm-exchange', summary: 'The exchanged item arrived', action: () => ({ action: 'confirm_exchange' }) },
    { path: 'return-shipment', summary: 'The return is on its way back: carrier and tracking number', body: parcelBody, action: (b: z.infer<typeof parcelBody>) => ({ action: 'return_shipment', ...b }) },
    { path: 'dispute', summary: 'Ask the platform to decide a rejected request (within the dispute window)', body: z.object({ reason: text(500) }), action: (b: { reason: string }) => ({ action: 'dispute', reason: b.reason }) },
  ];
  for (const a of buyerActions) {
    r.post(`/api/after-sales/:id/${a.path}`, {
      schema: { tags, summary: a.summary, params: idParams, ...(a.body ? { body: a.body } : {}), response: { 200: afterSaleDetailView, ...EW } },
    }, async (req) => {
      await inTransaction(ctx, (tx) => buyerAct(ctx, tx, me(req), req.params.id, a.action(req.body as never)));
      return requestDetail(ctx.db, { buyerId: me(req) }, req.params.id, ctx.clock.now());
    });
  }

  // ---- the merchant
  r.get('/api/merchant/stores/:storeId/after-sales', {
    schema: { tags, summary: "The store's requests, the most urgent first (due soonest; those waiting for nobody last)", params: storeParams, querystring: afterSaleListQuery, response: { 200: afterSaleListView, ...E } },
  }, async (req) => listRequests(ctx.db, { storeId: req.params.storeId }, req.query, ctx.clock.now()));
  r.get('/api/merchant/stores/:storeId/after-sales/:id', {
    schema: { tags, summary: 'One request of the store, with its timeline', params: storeIdParams, response: { 200: afterSaleDetailView, ...E } },
  }, async (req) => requestDetail(ctx.db, { storeId: req.params.storeId }, req.params.id, ctx.clock.now()));

  type MerchantWork = (tx: Db, storeId: string, actor: string | null, id: string, body: never) => Promise<AfterSaleRow>;
  const merchantActions: { path: string; summary: string; body?: z.ZodType; work: MerchantWork }[] = [
    {
      path: 'accept', summary: 'Accept: a refund goes out; a return or exchange waits for the parcel, sent to the return address picked', body: returnAddressPick.nullish(),
      work: (tx, s, u, id, b: z.infer<typeof returnAddressPick> | null | undefined) => merchantAnswer(ctx, tx, s, u, id, { action: 'accept', returnAddressId: b?.returnAddressId }),
    },
    { path: 'reject', summary: 'Reject with a reason (the buyer may dispute it)', body: z.object({ reason: text(500) }), work: (tx, s, u, id, b: { reason: string }) => merchantAnswer(ctx, tx, s, u, id, { action: 'reject', reason: b.reason }) },
    {
      path: 'propose', summary: 'Offer other terms, e.g. a partial refund (the buyer accepts or declines)', body: z.object({ amount: minorAmount, note: text(500) }).extend(returnAddressPick.shape),
      work: (tx, s, u, id, b: Omit<Extract<MerchantAnswer, { action: 'propose' }>, 'action'>) => merchantAnswer(ctx, tx, s, u, id, { action: 'propose', ...b }),
    },
    { path: 'confirm-receipt', summary: 'The return arrived: its stock comes back and the refund goes out (exchanges: reship)', work: (tx, s, u, id) => confirmReturnReceipt(ctx, tx, s, u, id) },
    { path: 'reship', summary: 'Exchange: ship the wanted SKU (its stock is taken; the returned one comes back)', body: parcelBody, work: (tx, s, u, id, b: z.infer<typeof parcelBody>) => reshipExchange(ctx, tx, s, u, id, b) },
  ];
  for (const a of merchantActions) {
    r.post(`/api/merchant/stores/:storeId/after-sales/:id/${a.path}`, {
      schema: { tags, summary: a.summary, params: storeIdParams, ...(a.body ? { body: a.body } : {}), response: { 200: afterSaleDetailView, ...EW } },
    }, async (req, reply) => {
      // A refund accepted by one statement when it can (accept.ts: its answer made from what it read and wrote);
      // otherwise, and for every other answer, a transaction, then the request as it is read.
      const atOnce = a.path === 'accept' ? await acceptRefundAtOnce(ctx, req.params.storeId, actorId(req), req.params.id) : null;
      if (atOnce) return sendDetail(reply, 200, atOnce);
      await inTransaction(ctx, (tx) => a.work(tx, req.params.storeId, actorId(req), req.params.id, req.body as never));
      return requestDetail(ctx.db, { storeId: req.params.storeId }, req.params.id, ctx.clock.now());
    });
  }
}
