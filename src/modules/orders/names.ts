// Schemas of orders named in the OpenAPI document that other modules' answers share (after-sales timelines): kept
// apart from routes.ts so that importing them pulls in no route code.
import { z } from 'zod';
import { named } from '../../kernel/http.ts';
import { ACTOR_ROLES } from './schema.ts';

export const actorRole = named(z.enum(ACTOR_ROLES).describe('Who did it'), 'ActorRole');
