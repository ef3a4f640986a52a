// HTTP for mini-sites and their links: the owners' console (/api/minisites: create, settings, secret, owners, links)
// and the store's side of links (/api/merchant/stores/:storeId/mini-site-links). Who may call each route is in
// src/access.ts; the owners' routes check ownership here (another account's mini-site is 404).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, named, uuidParam } from '../../kernel/http.ts';
import { linksOf, inviteMiniSite, moveLink } from './links.ts';
import { MAX_ALLOWED_ORIGINS, MINI_SITE_LOCALES, SLUG_PATTERN } from './rules.ts';
import { LINK_SIDES, LINK_STATES } from './schema.ts';
import * as svc from './service.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);

const linkState = named(z.enum(LINK_STATES).describe('pending (the store invited; the owners answer), linked, rejected, expired (not answered in time), cancelled (the store withdrew), unlinked (either side ended it)'), 'MiniSiteLinkState');
const locale = named(z.enum(MINI_SITE_LOCALES), 'MiniSiteLocale');

const settingsFields = {
  name: z.string().trim().min(1).max(100),
  defaultLocale: locale,
  allowedOrigins: z.array(z.string().trim().max(300)).max(MAX_ALLOWED_ORIGINS).describe('Exact origins (scheme://host[:port]) that may embed the cards needing a link: https, or http for localhost/127.0.0.1'),
  callbackUrl: z.string().trim().max(2000).nullable().describe('Where order notices are posted (https, or http for localhost); null: none'),
};

const owner = named(z.object({ userId: z.string(), email: z.string(), displayName: z.string(), addedAt: z.string() }), 'MiniSiteOwner');
const miniSiteFacts = {
  id: z.string(), appId: z.string().describe('Public identity: what a store invites and what signs requests'), slug: z.string(),
  name: z.string(), defaultLocale: locale, allowedOrigins: z.array(z.string()), callbackUrl: z.string().nullable(),
  secretRotatedAt: z.string(), createdAt: z.string(), updatedAt: z.string(),
};
const miniSiteView = named(z.object({ ...miniSiteFacts, owners: z.array(owner) }), 'MiniSite');
const miniSiteListItem = named(z.object({ ...miniSiteFacts, linkedStores: z.number(), pendingInvitations: z.number() }), 'MiniSiteListItem');
const withSecret = named(z.object({ miniSite: miniSiteView, secret: z.string().describe('The app secret: shown this once, never again (Trio keeps only its SHA-256)') }), 'MiniSiteWithSecret');
const linkView = named(z.object({
  id: z.string(), storeId: z.string(), storeName: z.string(), miniSiteId: z.string(), miniSiteName: z.string(), appId: z.string(), state: linkState,
  invitedAt: z.string(), invitedByName: z.string().nullable(), expiresAt: z.string().describe('A pending invitation not answered by then expires'),
  answeredAt: z.string().nullable(), answeredByName: z.string().nullable(),
  endedAt: z.string().nullable(), endedByName: z.string().nullable().describe('Who cancelled or ended it; null with endedAt set: expired by Trio'),
  endedSide: named(z.enum(LINK_SIDES), 'MiniSiteLinkSide').nullable().describe('Which side cancelled or ended it: the store or the mini-site; null when Trio expired it or it has not ended'),
  updatedAt: z.string(),
}), 'MiniSiteLink');

const siteParams = z.object({ miniSiteId: uuidParam });
const siteLinkParams = siteParams.extend({ linkId: uuidParam });
const storeParams = z.object({ storeId: uuidParam });
const storeLinkParams = storeParams.extend({ linkId: uuidParam });

export function miniSiteRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const M = '/api/minisites';
  /** The caller, once it is known to own the mini-site in the path. */
  const ownerOf = async (req: FastifyRequest) => {
    const user = userOf(req);
    await svc.assertOwner(ctx.db, user.userId, (req.params as { miniSiteId: string }).miniSiteId);
    return user;
  };

  r.get(M, {
    schema: { tags: ['mini-sites'], summary: 'The mini-sites I own (newest first)', response: { 200: z.array(miniSiteListItem), ...E } },
  }, async (req) => svc.myMiniSites(ctx.db, userOf(req).userId));

  r.post(M, {
    schema: {
      tags: ['mini-sites'], summary: 'Create a mini-site (I become its owner); the answer shows the app secret once',
      body: named(z.object({
        ...settingsFields,
        slug: z.string().trim().toLowerCase().regex(SLUG_PATTERN, 'lowercase letters, digits and dashes, 3 to 40 long').describe('The hosted site is served at /m/<slug>'),
        defaultLocale: locale.default('en'), allowedOrigins: settingsFields.allowedOrigins.default([]), callbackUrl: settingsFields.callbackUrl.default(null),
      }), 'MiniSiteCreate'),
      response: { 201: withSecret, ...EW },
    },
  }, async (req, reply) => reply.code(201).send(await svc.createMiniSite(ctx, userOf(req), req.body)));

  r.get(`${M}/:miniSiteId`, {
    schema: { tags: ['mini-sites'], summary: 'One of my mini-sites with its owners', params: siteParams, response: { 200: miniSiteView, ...E } },
  }, async (req) => {
    await ownerOf(req);
    return svc.miniSiteDetail(ctx.db, req.params.miniSiteId);
  });

  r.patch(`${M}/:miniSiteId`, {
    schema: {
      tags: ['mini-sites'], summary: 'Change the name, allowed origins, callback URL or default language', params: siteParams,
      body: named(z.object(settingsFields).partial(), 'MiniSiteChange'), response: { 200: miniSiteView, ...EW },
    },
  }, async (req) => svc.updateMiniSite(ctx, await ownerOf(req), req.params.miniSiteId, req.body));

  r.post(`${M}/:miniSiteId/secret`, {
    schema: { tags: ['mini-sites'], summary: 'Rotate the app secret: the new one is shown once, the old one stops working at once', params: siteParams, response: { 200: withSecret, ...EW } },
  }, async (req) => svc.rotateSecret(ctx, await ownerOf(req), req.params.miniSiteId));

  r.post(`${M}/:miniSiteId/owners`, {
    schema: {
      tags: ['mini-sites'], summary: 'Make another merchant account (by e-mail) an owner', params: siteParams,
      body: z.object({ email: z.email().max(254) }), response: { 200: miniSiteView, ...EW },
    },
  }, async (req) => svc.addOwner(ctx, await ownerOf(req), req.params.miniSiteId, req.body.email));

  r.delete(`${M}/:miniSiteId/owners/:userId`, {
    schema: { tags: ['mini-sites'], summary: 'Remove an owner (never the last)', params: siteParams.extend({ userId: uuidParam }), response: { 200: miniSiteView, ...EW } },
  }, async (req) => svc.removeOwner(ctx, await ownerOf(req), req.params.miniSiteId, req.params.userId));

  // ---- links, the mini-site's side
  r.get(`${M}/:miniSiteId/links`, {
    schema: { tags: ['mini-sites'], summary: "The mini-site's links: invitations, linked stores and history (newest first)", params: siteParams, response: { 200: z.array(linkView), ...E } },
  }, async (req) => {
    await ownerOf(req);
    return linksOf(ctx.db, { miniSiteId: req.params.miniSiteId });
  });

  for (const [event, summary] of [['accept', 'Accept a store\'s invitation: linked'], ['reject', 'Reject a store\'s invitation'], ['unlink', 'End a link with a store']] as const) {
    r.post(`${M}/:miniSiteId/links/:linkId/${event}`, {
      schema: { tags: ['mini-sites'], summary, params: siteLinkParams, response: { 200: linkView, ...EW } },
    }, async (req) => moveLink(ctx, await ownerOf(req), { miniSiteId: req.params.miniSiteId }, req.params.linkId, event));
  }

  // ---- links, the store's side
  const L = '/api/merchant/stores/:storeId/mini-site-links';
  r.get(L, {
    schema: { tags: ['mini-sites'], summary: "The store's links with mini-sites: invitations, linked ones and history (newest first)", params: storeParams, response: { 200: z.array(linkView), ...E } },
  }, async (req) => linksOf(ctx.db, { storeId: req.params.storeId }));

  r.post(L, {
    schema: {
      tags: ['mini-sites'], summary: 'Invite a mini-site by its app id (pending until its owners answer; expires unanswered)', params: storeParams,
      body: z.object({ appId: z.string().trim().min(1).max(64) }), response: { 201: linkView, ...EW },
    },
  }, async (req, reply) => reply.code(201).send(await inviteMiniSite(ctx, userOf(req), req.params.storeId, req.body.appId)));

  for (const [event, summary] of [['cancel', 'Withdraw a pending invitation'], ['unlink', 'End a link with a mini-site']] as const) {
    r.post(`${L}/:linkId/${event}`, {
      schema: { tags: ['mini-sites'], summary, params: storeLinkParams, response: { 200: linkView, ...EW } },
    }, async (req) => moveLink(ctx, userOf(req), { storeId: req.params.storeId }, req.params.linkId, event));
  }
}
