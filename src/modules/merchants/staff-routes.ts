// HTTP for a store's people: members and their roles, invitations (sent by the store, answered by the invitee).
// Who may call each route is in src/access.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, uuidParam } from '../../kernel/http.ts';
import { assignableRoleEnum } from '../accounts/api.ts';
import { invitationView as invitation, myInvitation, staffMember as member } from './api.ts';
import * as staff from './staff.ts';

const storeParams = z.object({ storeId: uuidParam });
const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);

export function staffRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const S = '/api/merchant/stores/:storeId';

  r.get(`${S}/staff`, {
    schema: { tags: ['staff'], summary: 'The store\'s members with their roles, the owner first', params: storeParams, response: { 200: z.array(member), ...E } },
  }, async (req) => staff.listMembers(ctx.db, req.params.storeId));

  r.patch(`${S}/staff/:userId`, {
    schema: {
      tags: ['staff'], summary: 'Change a member\'s role (never the owner\'s)', params: storeParams.extend({ userId: uuidParam }),
      body: z.object({ role: assignableRoleEnum }), response: { 200: z.array(member), ...EW },
    },
  }, async (req) => staff.changeRole(ctx, userOf(req), req.params.storeId, req.params.userId, req.body.role));

  r.delete(`${S}/staff/:userId`, {
    schema: { tags: ['staff'], summary: 'Remove a member from the store (never the owner)', params: storeParams.extend({ userId: uuidParam }), response: { 200: z.array(member), ...EW } },
  }, async (req) => staff.removeMember(ctx, userOf(req), req.params.storeId, req.params.userId));

  r.get(`${S}/invitations`, {
    schema: { tags: ['staff'], summary: 'Invitations waiting for an answer', params: storeParams, response: { 200: z.array(invitation), ...E } },
  }, async (req) => staff.pendingInvitations(ctx.db, req.params.storeId));

  r.post(`${S}/invitations`, {
    schema: {
      tags: ['staff'], summary: 'Invite an e-mail to work in the store with a role; the merchant account with that e-mail accepts or declines',
      params: storeParams, body: z.object({ email: z.email().max(200), role: assignableRoleEnum }), response: { 201: invitation, ...EW },
    },
  }, async (req, reply) => reply.code(201).send(await staff.invite(ctx, userOf(req), req.params.storeId, req.body)));

  r.delete(`${S}/invitations/:invitationId`, {
    schema: { tags: ['staff'], summary: 'Revoke an invitation that is still waiting', params: storeParams.extend({ invitationId: uuidParam }), response: { 200: invitation, ...EW } },
  }, async (req) => staff.revokeInvitation(ctx, userOf(req), req.params.storeId, req.params.invitationId));

  r.get('/api/merchant/invitations', {
    schema: {
      tags: ['staff'], summary: 'Invitations to my e-mail waiting for my answer',
      response: { 200: z.array(myInvitation), ...errors(400, 401, 403) },
    },
  }, async (req) => staff.myInvitations(ctx.db, userOf(req).userId));

  for (const event of ['accept', 'decline'] as const) {
    r.post(`/api/merchant/invitations/:invitationId/${event}`, {
      schema: {
        tags: ['staff'], summary: event === 'accept' ? 'Accept an invitation: I join the store with its role' : 'Decline an invitation',
        params: z.object({ invitationId: uuidParam }), response: { 200: invitation, ...EW },
      },
    }, async (req) => staff.answerInvitation(ctx, userOf(req), req.params.invitationId, event));
  }
}
