// HTTP of the hosted mini-site: the owners' section editor (draft, publish, hero images) and the visitors' read.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { BadRequest } from '../../kernel/errors.ts';
import { errors, named, uuidParam } from '../../kernel/http.ts';
import { imageBinary } from '../catalog/api-schemas.ts';
import * as svc from './sections.ts';
import { linkedProducts } from './section-pickers.ts';
import { draftSectionSchema, hostedPageSchema, miniSiteImageSchema, sectionInputSchema, sectionsDraftSchema, siteLocaleSchema } from './sections-api.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const siteParams = z.object({ miniSiteId: uuidParam });
const sectionParams = siteParams.extend({ sectionId: uuidParam });
const base = '/api/minisites/:miniSiteId/sections';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const pickedProduct = named(z.object({
  id: z.uuid(), title: z.string(), storeId: z.uuid(), storeName: z.string(), imageUrl: z.string().nullable(),
  price: z.number().int().describe('Lowest SKU price, minor units'), currency: z.string(),
}), 'PickedProduct');

export function sectionRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['mini-sites'];

  r.get(base, {
    schema: { tags, summary: 'The sections of a mini-site you own, as the draft you edit, and whether it differs from what visitors see', params: siteParams, response: { 200: sectionsDraftSchema, ...E } },
  }, async (req) => svc.listDraft(ctx.db, userOf(req).userId, req.params.miniSiteId));

  r.post(base, {
    schema: { tags, summary: 'Add a section at the end of the draft (visitors see it once you publish)', params: siteParams, body: sectionInputSchema, response: { 201: draftSectionSchema, ...EW } },
  }, async (req, reply) => reply.code(201).send(await svc.addSection(ctx, userOf(req).userId, req.params.miniSiteId, req.body)));

  r.put(`${base}/:sectionId`, {
    schema: { tags, summary: 'Edit a section of the draft (its kind stays); hide it with visible: false', params: sectionParams, body: sectionInputSchema, response: { 200: draftSectionSchema, ...EW } },
  }, async (req) => svc.editSection(ctx, userOf(req).userId, req.params.miniSiteId, req.params.sectionId, req.body));

  r.delete(`${base}/:sectionId`, {
    schema: { tags, summary: 'Delete a section of the draft (the others close up)', params: sectionParams, response: { 204: z.null(), ...E } },
  }, async (req, reply) => {
    await svc.deleteSection(ctx, userOf(req).userId, req.params.miniSiteId, req.params.sectionId);
    return reply.code(204).send(null);
  });

  r.post(`${base}/reorder`, {
    schema: {
      tags, summary: 'Put the draft\'s sections in this order (every section id exactly once), in one transaction',
      params: siteParams, body: z.object({ sectionIds: z.array(uuidParam).max(1000) }), response: { 200: sectionsDraftSchema, ...EW },
    },
  }, async (req) => svc.reorderSections(ctx, userOf(req).userId, req.params.miniSiteId, req.body.sectionIds));

  r.post(`${base}/publish`, {
    schema: { tags, summary: 'Publish the draft: visitors of /m/<slug> see its visible sections from now on, all at once', params: siteParams, response: { 200: sectionsDraftSchema, ...E } },
  }, async (req) => svc.publishSections(ctx, userOf(req), req.params.miniSiteId));

  r.get(`${base}/products`, {
    schema: {
      tags, summary: 'Pick products for a featured-products section: listed products of the stores linked to the mini-site, by words of their title or description (or the chosen ids)',
      params: siteParams,
      querystring: z.object({
        q: z.string().trim().max(100).optional().describe('Words to find (all of them); empty: the newest products'),
        ids: z.string().max(2000).optional().describe('Comma-separated product ids: read these back (the ones a section holds)'),
        limit: z.coerce.number().int().min(1).max(50).default(20),
      }),
      response: { 200: z.array(pickedProduct), ...E },
    },
  }, async (req) => {
    const ids = req.query.ids?.split(',').map((s) => s.trim()).filter(Boolean);
    if (ids?.some((id) => !UUID.test(id))) throw new BadRequest('validation_failed', 'ids are product ids separated by commas.');
    return linkedProducts(ctx.db, userOf(req).userId, req.params.miniSiteId, { q: req.query.q, ids, limit: req.query.limit });
  });

  r.post(`${base}/images`, {
    schema: {
      tags, summary: 'Upload a hero banner image (multipart field "file": JPEG, PNG, WebP or GIF, checked by its content)',
      consumes: ['multipart/form-data'], params: siteParams, response: { 201: miniSiteImageSchema, ...errors(400, 401, 403, 404, 413, 415, 422) },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new BadRequest('multipart_expected', 'Send the image as multipart/form-data with a field "file".');
    const file = await req.file({ limits: { fileSize: ctx.config.imageMaxBytes + 1, files: 1 } });
    if (!file) throw new BadRequest('validation_failed', 'Field "file" is required.', { errors: [{ path: 'body.file', message: 'required' }] });
    return reply.code(201).send(await svc.uploadSectionImage(ctx, userOf(req).userId, req.params.miniSiteId, await file.toBuffer()));
  });

  r.get('/api/m/images/:imageId/:size', {
    schema: { tags, summary: 'A hero banner image rendition (WebP)', security: [], produces: ['image/webp'], params: z.object({ imageId: uuidParam, size: z.enum(['thumb', 'large']) }), response: { 200: imageBinary, ...errors(400, 404) } },
  }, async (req, reply) => {
    const data = await svc.readSectionImage(ctx, req.params.imageId, req.params.size);
    return (reply as unknown as FastifyReply).type('image/webp').header('cache-control', 'public, max-age=31536000, immutable').send(data);
  });

  r.get('/api/m/:slug', {
    schema: {
      tags, summary: 'The published hosted mini-site /m/<slug> in a language (each section falls back to the mini-site\'s default language)',
      description: 'Revalidate with If-None-Match: the ETag changes with every publication and every link that ends.',
      security: [], params: z.object({ slug: z.string().min(1).max(100) }), querystring: z.object({ lang: siteLocaleSchema.optional() }),
      response: { 200: hostedPageSchema, ...errors(400, 404) },
    },
  }, async (req, reply) => {
    const { body, etag } = await svc.hostedPage(ctx.db, req.params.slug, req.query.lang);
    reply.header('etag', etag).header('cache-control', 'public, no-cache').header('vary', 'accept-encoding');
    if (req.headers['if-none-match'] === etag) return (reply as unknown as FastifyReply).code(304).send();
    return body;
  });
}
