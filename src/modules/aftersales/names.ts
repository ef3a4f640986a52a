// The after-sales schemas named in the OpenAPI document that other modules' answers share (the order detail, gifts):
// kept apart from routes.ts so that importing them pulls in no route code.
import { z } from 'zod';
import { named } from '../../kernel/http.ts';
import { AFTERSALE_ACTIONS, AFTERSALE_REFUSALS, AFTERSALE_TIMELINE_EVENTS } from './rules.ts';
import { AFTERSALE_STATES, AFTERSALE_TYPES } from './schema.ts';

export const afterSaleType = named(z.enum(AFTERSALE_TYPES), 'AfterSaleType');
export const afterSaleState = named(z.enum(AFTERSALE_STATES), 'AfterSaleState');
export const afterSaleEvent = named(z.enum(AFTERSALE_TIMELINE_EVENTS), 'AfterSaleEvent');
export const afterSaleAction = named(z.enum(AFTERSALE_ACTIONS).describe('A move on a request, named as the last part of its route path'), 'AfterSaleAction');
export const afterSaleRefusal = named(z.enum(AFTERSALE_REFUSALS).describe('Why nothing may be asked now'), 'AfterSaleRefusal');
export const askableView = named(z.object({
  types: z.array(afterSaleType).describe('What the buyer may ask now (empty: nothing)'),
  reason: afterSaleRefusal.nullable().describe('Why nothing may be asked (null when something may)'),
  refundable: z.array(z.number()).describe('What may be asked back for 1, 2, … units (minor units; index 0: one unit); its length is how many units may still be asked for. Empty when nothing may be asked'),
}).describe('What the buyer may ask about this item now'), 'ItemAfterSale');
