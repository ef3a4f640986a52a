// HTTP for order notices in the mini-site console: the delivery log of a mini-site the caller owns, one notice with
// its tries, and "send again". Another owner's mini-site (or notice) answers 404. Access: src/access.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, limitQuery, named, uuidParam } from '../../kernel/http.ts';
import { NOTICE_EVENTS, NOTICE_STATES } from './notices-schema.ts';
import { listNotices, noticeDetail, sendNoticeAgain } from './notices.ts';

const E = errors(400, 401, 403, 404);
const noticeState = named(z.enum(NOTICE_STATES).describe('pending: being delivered (tries left); delivered: the callback URL answered 2xx; failed: every try of the schedule failed'), 'MiniSiteNoticeState');
const noticeEvent = named(z.enum(NOTICE_EVENTS).describe("The order's event: created, paid, shipped, completed (received), cancelled, refunded"), 'MiniSiteNoticeEvent');
const noticeFacts = {
  id: z.uuid().describe('The notice id the body carries (receivers dedupe by it)'), orderId: z.uuid(), storeId: z.uuid(),
  event: noticeEvent, state: noticeState,
  attempts: z.number().int().describe('Tries in this round (10 at most; send again starts a new round)'), tries: z.number().int().describe('Tries in all'),
  nextAttemptAt: z.string().nullable().describe('When a pending notice is tried next'),
  lastTriedAt: z.string().nullable(), lastStatus: z.number().int().nullable().describe('HTTP status of the last answer'), lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(), occurredAt: z.string(), createdAt: z.string(),
};
const noticeView = named(z.object(noticeFacts), 'MiniSiteNotice');
const noticeDetailView = named(z.object({
  ...noticeFacts,
  body: z.string().describe('The JSON sent, byte for byte'),
  log: z.array(z.object({ triedAt: z.string(), durationMs: z.number().int(), status: z.number().int().nullable(), error: z.string().nullable(), answer: z.string().nullable().describe('First bytes of the answer') })).describe('Every try, oldest first'),
}), 'MiniSiteNoticeDetail');
const siteParams = z.object({ miniSiteId: uuidParam });
const noticeParams = siteParams.extend({ noticeId: uuidParam });

export function noticeRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const P = '/api/minisites/:miniSiteId/notices';

  r.get(P, {
    schema: {
      tags: ['mini-sites'], summary: "The order notices sent to the mini-site's callback URL, newest first (the delivery log)", params: siteParams,
      querystring: z.object({ state: noticeState.optional(), event: noticeEvent.optional(), orderId: uuidParam.optional(), limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }),
      response: { 200: named(z.object({ total: z.number().int(), items: z.array(noticeView) }), 'MiniSiteNoticePage'), ...E },
    },
  }, async (req) => listNotices(ctx.db, userOf(req).userId, req.params.miniSiteId, req.query));

  r.get(`${P}/:noticeId`, {
    schema: { tags: ['mini-sites'], summary: 'One notice: its body and every try (time, answer or error, duration)', params: noticeParams, response: { 200: noticeDetailView, ...E } },
  }, async (req) => noticeDetail(ctx.db, userOf(req).userId, req.params.miniSiteId, req.params.noticeId));

  r.post(`${P}/:noticeId/send-again`, {
    schema: {
      tags: ['mini-sites'], summary: 'Send a delivered or failed notice again (same id and body, a new round of tries; audited). 409 while it is pending',
      params: noticeParams, response: { 200: noticeDetailView, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => sendNoticeAgain(ctx, userOf(req), req.params.miniSiteId, req.params.noticeId));
}
