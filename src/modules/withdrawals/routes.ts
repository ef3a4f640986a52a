// HTTP for withdrawals: the merchant's (receiver account, ask, list, detail) and the operator's (list, approve,
// reject with a reason). Who may call each route is in src/access.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, limitQuery, minorAmount, named, uuidParam } from '../../kernel/http.ts';
import { idempotent } from '../../kernel/idempotency.ts';
import { operatorReturns, retryReturn } from './returns.ts';
import { RECEIVER_STATES, RECEIVER_TYPES, RETURN_STATES, SHARE_STATES, WITHDRAWAL_STATES } from './schema.ts';
import * as svc from './service.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const page = { limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) };
const storeParams = z.object({ storeId: uuidParam });
const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(255).optional().describe('Same key and body: the same answer again; same key, other body: 422 idempotency_key_reused') });

const withdrawalState = named(z.enum(WITHDRAWAL_STATES).describe('requested (waiting for the operator), approved, paying (profit sharing at the provider), paid; failed or rejected: the amount (or what did not arrive) is back in the balance'), 'WithdrawalState');
const receiverType = named(z.enum(RECEIVER_TYPES).describe('MERCHANT_ID: a WeChat Pay merchant id; PERSONAL_OPENID: a person\'s openid for the platform\'s app'), 'ReceiverType');
const receiverState = named(z.enum(RECEIVER_STATES).describe('pending: being added at the provider; registered; failed: the provider refused it (see lastError)'), 'ReceiverState');
const shareState = named(z.enum(SHARE_STATES), 'ShareState');

const receiverView = named(z.object({
  type: receiverType, account: z.string(), name: z.string().nullable(), state: receiverState, lastError: z.string().nullable(), registeredAt: z.string().nullable(), updatedAt: z.string(),
}), 'WithdrawalReceiver');
const withdrawalFacts = {
  id: z.string(), storeId: z.string(), amount: z.number(), currency: z.string(), state: withdrawalState, autoApproved: z.boolean(),
  paidAmount: z.number().describe('What reached the receiver'), rejectReason: z.string().nullable(), failReason: z.string().nullable().describe("The provider's reason (e.g. ACCOUNT_ABNORMAL) or NOTHING_TO_SHARE"),
  receiverAccount: z.string().nullable(), createdAt: z.string(), approvedAt: z.string().nullable(), payingAt: z.string().nullable(), finishedAt: z.string().nullable(),
};
const withdrawalView = named(z.object(withdrawalFacts), 'Withdrawal');
const withdrawalDetail = named(z.object({
  ...withdrawalFacts, storeName: z.string(),
  shares: z.array(z.object({
    outOrderNo: z.string(), orderId: z.string(), amount: z.number(), state: shareState, failReason: z.string().nullable(), lastError: z.string().nullable(), finishedAt: z.string().nullable(),
  })).describe('The profit-sharing orders that pay it, one per settled order it is taken from'),
}), 'WithdrawalDetail');

export function withdrawalRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const S = '/api/merchant/stores/:storeId';
  const withdrawalParams = storeParams.extend({ withdrawalId: uuidParam });

  r.get(`${S}/withdrawals`, {
    schema: {
      tags: ['withdrawals'], summary: 'What the store may withdraw now, its receiver account and its withdrawals (newest first)', params: storeParams,
      querystring: z.object({ ...page, state: withdrawalState.optional() }),
      response: { 200: named(z.object({
        available: z.number().describe('The settled balance not yet withdrawn'),
        withdrawableNow: z.number().describe('What may be withdrawn today: the available balance within what the profit-sharing cap still lets the settled payments carry, less withdrawals waiting to be paid'),
        profitSharingMaxBp: z.number().describe('The largest share of one payment that may go to receivers, in basis points (3000 = 30 %)'),
        currency: z.string(), autoLimit: z.number().describe('Withdrawals up to this amount are approved at once'),
        receiver: receiverView.nullable(), total: z.number(), items: z.array(withdrawalView),
      }), 'StoreWithdrawals'), ...E },
    },
  }, async (req) => svc.storeWithdrawals(ctx, req.params.storeId, req.query));

  r.post(`${S}/withdrawals`, {
    schema: {
      tags: ['withdrawals'], summary: 'Withdraw from the available balance (taken from it at once; 409 withdrawal_balance_insufficient when it is not there, 409 withdrawal_above_withdrawable above withdrawableNow)',
      params: storeParams, headers: idempotencyHeader, body: z.object({ amount: minorAmount.min(1) }), response: { 201: withdrawalDetail, ...EW },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => {
    const id = await svc.requestWithdrawal(ctx, tx, userOf(req), req.params.storeId, req.body.amount);
    return { status: 201, body: await svc.withdrawalDetail(tx, id) };
  }));

  r.get(`${S}/withdrawals/:withdrawalId`, {
    schema: { tags: ['withdrawals'], summary: 'One withdrawal with the profit-sharing orders that pay it', params: withdrawalParams, response: { 200: withdrawalDetail, ...E } },
  }, async (req) => svc.withdrawalDetail(ctx.db, req.params.withdrawalId, req.params.storeId));

  r.put(`${S}/withdrawal-receiver`, {
    schema: {
      tags: ['withdrawals'], summary: 'Set the account withdrawals are paid to (added at the provider as a profit-sharing receiver)', params: storeParams,
      body: named(z.object({ type: receiverType, account: z.string().trim().min(1).max(64), name: z.string().trim().min(1).max(100).nullable().optional() }), 'WithdrawalReceiverChange'),
      response: { 200: receiverView, ...EW },
    },
  }, async (req) => svc.setReceiver(ctx, userOf(req), req.params.storeId, req.body));

  // ---- operator
  r.get('/api/operator/withdrawals', {
    schema: {
      tags: ['withdrawals'], summary: 'Withdrawals by state (default: requested, waiting for a decision; open: requested, approved or paying) and store',
      querystring: z.object({ ...page, state: z.union([withdrawalState, z.literal('open')]).optional(), storeId: uuidParam.optional() }),
      response: { 200: named(z.object({ total: z.number(), items: z.array(withdrawalView.extend({ storeName: z.string() })) }), 'OperatorWithdrawals'), ...E },
    },
  }, async (req) => svc.operatorWithdrawals(ctx.db, req.query));

  const opParams = z.object({ withdrawalId: uuidParam });
  r.get('/api/operator/withdrawals/:withdrawalId', {
    schema: { tags: ['withdrawals'], summary: 'One withdrawal with its profit-sharing orders', params: opParams, response: { 200: withdrawalDetail, ...E } },
  }, async (req) => svc.withdrawalDetail(ctx.db, req.params.withdrawalId));

  r.post('/api/operator/withdrawals/:withdrawalId/approve', {
    schema: { tags: ['withdrawals'], summary: 'Approve a requested withdrawal: it is paid out by profit sharing', params: opParams, response: { 200: withdrawalDetail, ...EW } },
  }, async (req) => {
    await svc.approveWithdrawal(ctx, userOf(req), req.params.withdrawalId);
    return svc.withdrawalDetail(ctx.db, req.params.withdrawalId);
  });

  r.post('/api/operator/withdrawals/:withdrawalId/reject', {
    schema: {
      tags: ['withdrawals'], summary: 'Reject a requested withdrawal with a reason: its amount is back in the balance', params: opParams,
      body: z.object({ reason: z.string().trim().min(1).max(200) }), response: { 200: withdrawalDetail, ...EW },
    },
  }, async (req) => {
    await svc.rejectWithdrawal(ctx, userOf(req), req.params.withdrawalId, req.body.reason);
    return svc.withdrawalDetail(ctx.db, req.params.withdrawalId);
  });

  // ---- profit-sharing returns (taken back from a store before a refund of its order)
  const returnView = named(z.object({
    outReturnNo: z.string(), refundId: z.string().describe('The refund that waits for this return'), storeId: z.string(), storeName: z.string(), orderId: z.string(),
    outOrderNo: z.string().describe('The profit-sharing order taken back from'), returnAccount: z.string().describe('The merchant receiver (return_mchid)'),
    amount: z.number(), currency: z.string(), state: named(z.enum(RETURN_STATES), 'ProfitSharingReturnState'),
    failReason: z.string().nullable().describe("The provider's reason, e.g. ACCOUNT_ABNORMAL"), lastError: z.string().nullable(), createdAt: z.string(), finishedAt: z.string().nullable(),
  }), 'ProfitSharingReturn');
  r.get('/api/operator/profit-sharing-returns', {
    schema: {
      tags: ['withdrawals'], summary: 'Profit-sharing returns refused by the provider and not sent again (default; their refunds wait), or open ones',
      querystring: z.object({ ...page, state: z.enum(['failed', 'open']).default('failed') }),
      response: { 200: named(z.object({ total: z.number(), items: z.array(returnView) }), 'ProfitSharingReturns'), ...E },
    },
  }, async (req) => operatorReturns(ctx.db, req.query));

  r.post('/api/operator/profit-sharing-returns/:outReturnNo/retry', {
    schema: {
      tags: ['withdrawals'], summary: 'Send a refused profit-sharing return again (a new out_return_no; audited; 409 profit_sharing_return_not_failed otherwise)',
      params: z.object({ outReturnNo: z.string().regex(/^[A-Za-z0-9_|*@-]{1,64}$/) }), response: { 201: z.object({ outReturnNo: z.string() }), ...EW },
    },
  }, async (req, reply) => reply.code(201).send({ outReturnNo: await retryReturn(ctx, userOf(req), req.params.outReturnNo) }));
}
