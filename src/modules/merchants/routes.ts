import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, grantOf, userOf } from '../../kernel/auth.ts';
import { storeRoleEnum } from '../accounts/api.ts';
import type { Ctx } from '../../kernel/context.ts';
import { BadRequest } from '../../kernel/errors.ts';
import { errors, idParam, limitQuery, minorAmount, named, namesSchema, uuidParam } from '../../kernel/http.ts';
import { auditPageView as auditPage, listAudit } from '../audit/index.ts';
import { idempotent } from '../../kernel/idempotency.ts';
import { asDownload } from '../../kernel/security-headers.ts';
import * as cats from './categories.ts';
import * as deposits from './deposits.ts';
import * as docs from './documents.ts';
import * as storesSvc from './stores.ts';
import * as claims from './entity-claims.ts';
import { staffRoutes } from './staff-routes.ts';
import { accessPolicySchema, categoryBulkResultSchema, categorySchema, categoryTreeSchema } from '../catalog/api-schemas.ts';
import { ACCESS_POLICIES, ENTITY_CLAIM_STATES } from './schema.ts';
import {
  applicationView as applicationSchema, categoryLabel, depositView as depositSchema, documentView as documentSchema, entityClaimItem,
  entityClaimView as entityClaimSchema, entityGrantEnum, ledgerEntryView as ledgerEntry, ledgerKindEnum, storeAccess, storeDetail, storeSummary,
  storeTypeEnum, subjectTypeEnum, storeStatusEnum, applicationStatusEnum, documentRef,
} from './api.ts';

const E = errors(400, 401, 403, 404);
const storeParams = z.object({ storeId: uuidParam });
// The file itself (PDF, PNG, JPEG or WebP) is sent as bytes, not serialised.
const documentFile = z.any().meta({ type: 'string', format: 'binary', description: 'The document file, with its own content type' });
const auditQuery = z.object({ entityType: z.string().max(60).optional(), action: z.string().max(80).optional(), beforeId: z.coerce.number().int().positive().optional(), limit: limitQuery });
const selectionSchema = z.object({
  categoryIds: z.array(z.number().int().positive()).max(1000).optional(),
  policies: z.array(accessPolicySchema).optional(),
  all: z.boolean().optional(),
});
const bulkActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('set_policy'), policy: accessPolicySchema }),
  z.object({ type: z.literal('cut_deposit'), percent: z.number().positive().max(100).describe('Cut of the base deposit, in percent (at most the configured maximum, 50 by default)') }),
  z.object({ type: z.literal('zero_deposit'), gmvThreshold: minorAmount.describe('Paid GMV in minor units after which the deposit is due') }),
  z.object({ type: z.literal('clear_zero_deposit') }),
]);
const bulkBody = z.object({ selection: selectionSchema, action: bulkActionSchema });
const bulkResult = categoryBulkResultSchema;
const page = { limit: limitQuery, offset: z.coerce.number().int().min(0).max(100000).default(0) };

export function merchantRoutes(app: FastifyInstance, ctx: Ctx, deps: { treeCache: cats.CategoryTreeCache }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ---- public
  r.get('/api/categories', {
    schema: {
      tags: ['categories'],
      summary: 'The category tree with access policies, qualifications, deposits and commissions',
      description: 'Cached per process and revalidated against the tree version on every request; supports If-None-Match.',
      response: { 200: categoryTreeSchema },
    },
  }, async (req, reply) => {
    const tree = await cats.categoryTreeJson(deps.treeCache, ctx.db);
    reply.header('etag', tree.etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    // 304 carries no body, so it has no response schema.
    if (req.headers['if-none-match'] === tree.etag) return (reply as unknown as FastifyReply).code(304).send();
    // Already serialised (and compressed) once per version: send the bytes as they are.
    const raw = reply as unknown as FastifyReply;
    raw.type('application/json; charset=utf-8');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return raw.header('content-encoding', 'gzip').send(tree.gzip);
    return raw.serializer((p: unknown) => p as string).send(tree.json);
  });

  // ---- merchant
  r.get('/api/merchant/stores', {
    schema: { tags: ['stores'], summary: 'My stores, with my role in each', querystring: z.object(page), response: { 200: z.array(storeSummary.extend({ myRole: storeRoleEnum.optional().describe('My role in the store') })), ...E } },
  }, async (req) => storesSvc.listStores(ctx.db, { ...req.query, memberId: userOf(req).userId }));

  r.post('/api/merchant/stores', {
    schema: {
      tags: ['stores'],
      summary: 'Apply for a new store',
      body: z.object({
        storeName: z.string().trim().min(2).max(60),
        storeType: storeTypeEnum,
        subjectType: subjectTypeEnum,
        legalEntity: z.object({ name: z.string().trim().min(2).max(120), registrationNumber: z.string().trim().min(6).max(40).regex(/^[0-9A-Za-z-]+$/, 'letters, digits and dashes only') }),
      }),
      response: { 201: storeDetail, ...errors(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => {
    const store = await storesSvc.applyForStore({ ...ctx, db: tx }, userOf(req), req.body);
    return { status: 201, body: await storesSvc.getStore(tx, store.id) };
  }));

  r.get('/api/merchant/stores/:storeId', {
    schema: {
      tags: ['stores'], summary: 'A store with its categories and deposit, and what the caller may do in it', params: storeParams,
      response: {
        200: storeDetail.extend({
          me: storeAccess,
          lowStockThreshold: z.number().int().describe('At most this many units left on a SKU: the product lists highlight it (TRIO_LOW_STOCK_THRESHOLD)'),
        }),
        ...E,
      },
    },
  }, async (req) => {
    const { role, permissions } = grantOf(req);
    return { ...(await storesSvc.getStore(ctx.db, req.params.storeId)), me: { role, permissions: [...permissions] }, lowStockThreshold: ctx.config.lowStockThreshold };
  });

  r.post('/api/merchant/stores/:storeId/documents', {
    schema: {
      tags: ['stores'],
      summary: 'Upload a qualification document (multipart: field "kind", then field "file"; PDF, PNG, JPEG or WebP)',
      consumes: ['multipart/form-data'],
      params: storeParams,
      response: { 201: documentSchema, ...errors(400, 401, 403, 404, 413, 415, 422) },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new BadRequest('multipart_expected', 'Send the document as multipart/form-data with fields "kind" and "file".');
    let kind: string | undefined;
    let file: { fileName: string; data: Buffer } | undefined;
    try {
      for await (const part of req.parts({ limits: { fileSize: ctx.config.uploadMaxBytes + 1, files: 1, fields: 5 } })) {
        if (part.type === 'field' && part.fieldname === 'kind') kind = String(part.value);
        else if (part.type === 'file') {
          const data = await part.toBuffer();
          file = { fileName: part.filename || 'document', data };
        }
      }
    } catch (err) {
      // Limits come as coded Fastify errors; anything else is the parser choking on a broken body (no boundary, cut short).
      if ((err as { code?: string }).code?.startsWith('FST_')) throw err;
      throw new BadRequest('malformed_multipart', 'The multipart body is broken (missing boundary or cut short): send the form again.');
    }
    if (!kind || !/^[a-z0-9_]{2,60}$/.test(kind)) throw new BadRequest('validation_failed', 'Field "kind" is required: the qualification kind, e.g. food_business_licence.', { errors: [{ path: 'body.kind', message: 'required, lowercase letters, digits and _' }] });
    if (!file) throw new BadRequest('validation_failed', 'Field "file" is required.', { errors: [{ path: 'body.file', message: 'required' }] });
    return reply.code(201).send(await docs.uploadDocument(ctx, userOf(req).userId, req.params.storeId, { kind, ...file }));
  });

  r.get('/api/merchant/stores/:storeId/documents', {
    schema: { tags: ['stores'], summary: "The store's qualification documents", params: storeParams, response: { 200: z.array(documentSchema), ...E } },
  }, async (req) => docs.listDocuments(ctx, req.params.storeId));

  r.post('/api/merchant/stores/:storeId/category-applications', {
    schema: {
      tags: ['stores'],
      summary: 'Ask for categories (all or nothing): open ones are approved at once, targeted ones go to review, paused ones are refused; while the store\'s own checks are due (a new entity\'s first store, a flagship) all go to review and their documents (StoreDetail.checks) must come with the request',
      params: storeParams,
      body: z.object({ categories: z.array(z.object({ categoryId: z.number().int().positive(), documentIds: z.array(uuidParam).max(20).default([]) })).min(1).max(100) }),
      response: { 201: z.array(applicationSchema), ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: await storesSvc.requestCategories({ ...ctx, db: tx }, userOf(req), req.params.storeId, req.body.categories) })));

  r.post('/api/merchant/stores/:storeId/category-applications/:applicationId/withdraw', {
    schema: { tags: ['stores'], summary: 'Withdraw a category application that is in review', params: storeParams.extend({ applicationId: uuidParam }), response: { 200: applicationSchema, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => storesSvc.withdrawApplication(ctx, actorOf(req), req.params.storeId, req.params.applicationId));

  r.post('/api/merchant/stores/:storeId/status', {
    schema: {
      tags: ['stores'], summary: 'Cancel an application, ask to close the store, or reopen a closing store',
      params: storeParams, body: z.object({ event: z.enum(['cancel', 'request_close', 'reopen']) }),
      response: { 200: storeDetail, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => storesSvc.changeStoreStatus(ctx, actorOf(req), req.params.storeId, req.body.event));

  r.post('/api/merchant/stores/:storeId/entity-claim', {
    schema: {
      tags: ['stores'], summary: 'Send the licence documents of a store in entity review (upload them first as documents of the store): the claim goes to the operator',
      params: storeParams, body: z.object({ documentIds: z.array(uuidParam).min(1).max(20) }),
      response: { 200: entityClaimSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => claims.submitEntityClaim(ctx, actorOf(req), req.params.storeId, req.body.documentIds));

  const afterSalesWindowView = z.object({
    platformDays: z.number(), storeDays: z.number().nullable().describe('null: the platform\'s window'), days: z.number().describe('the window buyers get'), maxDays: z.number(),
  });
  r.get('/api/merchant/stores/:storeId/after-sales-window', {
    schema: { tags: ['stores'], summary: 'How many days after receipt buyers may ask for after-sales in this store', params: storeParams, response: { 200: afterSalesWindowView, ...E } },
  }, async (req) => storesSvc.afterSalesWindow(ctx.db, ctx.config.afterSalesDays, req.params.storeId));
  r.put('/api/merchant/stores/:storeId/after-sales-window', {
    schema: {
      tags: ['stores'], summary: 'Lengthen the store\'s after-sales window (never below the platform\'s; null gives the platform\'s back)',
      params: storeParams, body: z.object({ days: z.number().int().nullable() }), response: { 200: afterSalesWindowView, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req) => storesSvc.setAfterSalesWindow(ctx, actorOf(req), req.params.storeId, req.body.days));

  r.get('/api/merchant/stores/:storeId/deposit', {
    schema: { tags: ['deposits'], summary: 'Deposit due, balance and ledger', params: storeParams, response: { 200: depositSchema.extend({ ledger: z.array(ledgerEntry) }), ...E } },
  }, async (req) => ({ ...(await deposits.depositSummary(ctx.db, req.params.storeId)), ledger: await deposits.listLedger(ctx.db, req.params.storeId) }));

  r.post('/api/merchant/stores/:storeId/deposit/top-ups', {
    schema: {
      tags: ['deposits'], summary: 'Top up the deposit online: makes a payment to pay at the cashier (POST /api/payments/{paymentId}/prepay)',
      params: storeParams, headers: z.object({ 'idempotency-key': z.string().max(255).optional() }), body: z.object({ amount: minorAmount.min(1) }),
      response: { 201: z.object({ paymentId: z.string(), amount: z.number(), currency: z.string() }), ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: await deposits.startDepositTopUp(ctx, tx, userOf(req), req.params.storeId, req.body.amount) })));

  r.get('/api/merchant/stores/:storeId/listing-eligibility', {
    schema: {
      tags: ['deposits'], summary: 'May this store list products in a category now (approved, store open, deposit covered)?',
      params: storeParams, querystring: z.object({ categoryId: idParam }),
      response: { 200: z.object({ allowed: z.boolean(), reason: z.enum(['store_not_open', 'category_not_approved', 'deposit_insufficient']).optional().describe('Why not, when not allowed'), depositRequired: z.number(), depositBalance: z.number() }), ...E },
    },
  }, async (req) => deposits.listingEligibility(ctx.db, req.params.storeId, req.query.categoryId));

  r.get('/api/merchant/stores/:storeId/audit', {
    schema: { tags: ['audit'], summary: "What happened to this store, newest first", params: storeParams, querystring: auditQuery, response: { 200: auditPage, ...E } },
  }, async (req) => listAudit(ctx.db, { ...req.query, storeId: req.params.storeId }));

  staffRoutes(app, ctx);

  // ---- operator
  r.get('/api/operator/stores', {
    schema: {
      tags: ['operator'], summary: 'Stores, newest first: one page (limit, offset) and how many match', querystring: z.object({ status: storeStatusEnum.optional(), ...page }),
      response: { 200: named(z.object({ stores: z.array(storeSummary), total: z.number().int() }), 'StorePage'), ...E },
    },
  }, async (req) => storesSvc.storePage(ctx.db, req.query));

  r.get('/api/operator/stores/:storeId', {
    schema: { tags: ['operator'], summary: 'A store with its categories and deposit', params: storeParams, response: { 200: storeDetail.extend({ ledger: z.array(ledgerEntry) }), ...E } },
  }, async (req) => ({ ...(await storesSvc.getStore(ctx.db, req.params.storeId)), ledger: await deposits.listLedger(ctx.db, req.params.storeId) }));

  r.post('/api/operator/stores/:storeId/status', {
    schema: {
      tags: ['operator'], summary: 'Close a store (closing), reinstate a closing store, or complete the closure (closed)', params: storeParams,
      body: z.object({ event: z.enum(['close_by_operator', 'reinstate', 'complete_close']) }), response: { 200: storeDetail, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => storesSvc.changeStoreStatus(ctx, actorOf(req), req.params.storeId, req.body.event));

  r.post('/api/operator/stores/:storeId/deposit-ledger', {
    schema: {
      tags: ['operator'], summary: 'Correct the deposit ledger: money received outside Trio (merchants top up online through payments), a deduction (penalty) or a refund',
      params: storeParams,
      body: z.object({ kind: ledgerKindEnum, amount: minorAmount.min(1), note: z.string().trim().max(200).optional() }),
      response: { 201: z.object({ id: z.number(), balance: z.number() }), ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: await deposits.recordDepositEntry({ ...ctx, db: tx }, actorOf(req), req.params.storeId, req.body) })));

  r.get('/api/operator/applications', {
    schema: {
      tags: ['operator'], summary: 'Category applications (the review queue with status=in_review), oldest first: one page (limit, offset) and how many match',
      querystring: z.object({ status: applicationStatusEnum.optional(), ...page }),
      response: {
        200: named(z.object({
          applications: z.array(named(applicationSchema.extend({ storeName: z.string(), category: categoryLabel, documents: z.array(documentRef) }), 'QueueItem')),
          total: z.number().int(),
        }), 'ApplicationPage'),
        ...E,
      },
    },
  }, async (req) => storesSvc.listApplications(ctx.db, req.query));

  r.post('/api/operator/applications/:applicationId/approve', {
    schema: { tags: ['operator'], summary: 'Approve a category application', params: z.object({ applicationId: uuidParam }), response: { 200: applicationSchema, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => storesSvc.approveApplication(ctx, actorOf(req), req.params.applicationId));

  r.post('/api/operator/applications/:applicationId/reject', {
    schema: {
      tags: ['operator'], summary: 'Reject a category application with a reason', params: z.object({ applicationId: uuidParam }),
      body: z.object({ reason: z.string().trim().min(2, 'say why, so the merchant can fix it').max(500) }), response: { 200: applicationSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => storesSvc.rejectApplication(ctx, actorOf(req), req.params.applicationId, req.body.reason));

  const claimParams = z.object({ claimId: uuidParam });
  r.get('/api/operator/entity-claims', {
    schema: {
      tags: ['operator'], summary: 'Claims on legal entities (the queue with status=in_review): each beside the entity, its owner and stores, and the claimant\'s documents',
      querystring: z.object({ status: z.enum(ENTITY_CLAIM_STATES).optional(), ...page }),
      response: {
        200: z.array(entityClaimItem), ...E,
      },
    },
  }, async (req) => claims.listEntityClaims(ctx.db, req.query));

  r.post('/api/operator/entity-claims/:claimId/grant', {
    schema: {
      tags: ['operator'], summary: 'Grant a claim: the claimant\'s store joins the entity (attach), or the claimant also becomes the entity\'s owner (transfer)',
      params: claimParams, body: z.object({ grant: entityGrantEnum }), response: { 200: entityClaimSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => claims.grantEntityClaim(ctx, actorOf(req), req.params.claimId, req.body.grant));

  r.post('/api/operator/entity-claims/:claimId/reject', {
    schema: {
      tags: ['operator'], summary: 'Reject a claim with a reason: the claimant\'s store closes', params: claimParams,
      body: z.object({ reason: z.string().trim().min(2, 'say why').max(500) }), response: { 200: entityClaimSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => claims.rejectEntityClaim(ctx, actorOf(req), req.params.claimId, req.body.reason));

  const sendDocument = async (reply: FastifyReply, storeId: string | undefined, documentId: string) => {
    const { doc, data } = await docs.readDocument(ctx, storeId, documentId);
    return asDownload(reply, doc.mimeType, doc.fileName).send(data);
  };

  r.get('/api/operator/documents/:documentId', {
    schema: {
      tags: ['operator'], summary: 'Download a qualification document', params: z.object({ documentId: uuidParam }),
      response: { 200: documentFile, ...E },
    },
  }, async (req, reply) => sendDocument(reply as unknown as FastifyReply, undefined, req.params.documentId));

  r.get('/api/merchant/stores/:storeId/documents/:documentId', {
    schema: {
      tags: ['stores'], summary: 'Download one of the store\'s qualification documents', params: storeParams.extend({ documentId: uuidParam }),
      response: { 200: documentFile, ...E },
    },
  }, async (req, reply) => sendDocument(reply as unknown as FastifyReply, req.params.storeId, req.params.documentId));

  r.patch('/api/operator/categories/:categoryId', {
    schema: {
      tags: ['operator'], summary: 'Edit one category (deposit in minor units, commission in basis points, gift exclusion)',
      params: z.object({ categoryId: idParam }),
      body: z.object({
        deposit: minorAmount.nullable().optional(), commissionBp: z.number().int().min(0).max(10000).nullable().optional(),
        sevenDayReturn: z.boolean().optional(), policy: accessPolicySchema.optional(),
        giftExcluded: z.boolean().optional().describe('Products of this category and of every category below it cannot be sent as gifts'),
      }).refine((b) => Object.keys(b).length > 0, 'change at least one field'),
      response: { 200: categorySchema, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req) => {
    const c = await cats.updateCategory(ctx, actorOf(req), req.params.categoryId, req.body);
    return { ...c, updatedAt: c.updatedAt.toISOString() };
  });

  r.post('/api/operator/categories/bulk/preview', {
    schema: { tags: ['operator'], summary: 'Preview a bulk change: what each selected category would become', body: bulkBody, response: { 200: bulkResult, ...errors(400, 401, 403, 404, 422) } },
  }, async (req) => cats.previewBulkChange(ctx, req.body));

  r.post('/api/operator/categories/bulk/apply', {
    schema: { tags: ['operator'], summary: 'Apply a bulk change in one audited transaction', body: bulkBody, response: { 200: bulkResult, ...errors(400, 401, 403, 404, 422) } },
  }, async (req) => cats.applyBulkChange(ctx, actorOf(req), req.body));

  r.get('/api/operator/audit', {
    schema: { tags: ['audit'], summary: 'The audit log, newest first', querystring: auditQuery.extend({ storeId: uuidParam.optional(), entityId: z.string().max(80).optional() }), response: { 200: auditPage, ...E } },
  }, async (req) => listAudit(ctx.db, req.query));
}
