import { z } from 'zod';
import { FIELD_ISSUE_CODES } from './errors.ts';

/** The problem+json body: one component in the OpenAPI document (#/components/schemas/Problem), not a copy per answer. */
export const problemSchema = named(
  z
    .looseObject({
      type: z.string(),
      title: z.string(),
      status: z.number().int(),
      code: z.string().describe('Stable machine-readable error code'),
      detail: z.string(),
      instance: z.string().optional(),
      errors: z.array(z.object({
        path: z.string(),
        message: z.string().describe('In English; screens translate `code` and fall back to this'),
        code: z.enum(FIELD_ISSUE_CODES).optional().describe('What is wrong, stable: required, too_short (limit: min characters), too_long, too_small (limit: min value), too_big, too_few (limit: min items), too_many, invalid_type, invalid_format, invalid_value, ...'),
        limit: z.number().optional().describe('The bound a too_* code speaks of'),
      })).optional(),
    })
    .describe('application/problem+json (RFC 9457)'),
  'Problem',
);

/**
 * Names a schema in the OpenAPI document (#/components/schemas/<id>): the web's generated types then call it by that
 * name (web/src/lib/api/schema.ts), and a named enum also gets its values there as a list (`enumValues.<id>`), so the web
 * never writes a second copy of a state list. Every use of the returned schema refers to the one component.
 */
export function named<T extends z.ZodType>(schema: T, id: string): T {
  z.globalRegistry.add(schema, { id });
  return schema;
}

/**
 * Arbitrary JSON the server stores as given (audit before/after, event details): one component, JsonValue. Not
 * `z.json()`: its arrays refer back to JsonValue, which openapi-typescript writes as a type tsc rejects as circular
 * (TS2502); an array's items are left open instead, objects still nest.
 */
export type JsonValue = string | number | boolean | null | unknown[] | { [key: string]: JsonValue };
export const jsonValue: z.ZodType<JsonValue> = named(
  z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), jsonValue)])),
  'JsonValue',
);

type Status = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;
/** Error responses a route documents, e.g. errors(400, 401, 404). */
export function errors(...codes: Status[]) {
  return Object.fromEntries(codes.map((c) => [c, problemSchema])) as Record<Status, typeof problemSchema>;
}
/** What every authenticated route may answer besides its own errors. */
export const authErrors = errors(400, 401, 403);

export const uuidParam = z.uuid({ message: 'must be a UUID' });
export const idParam = z.coerce.number({ message: 'must be a number' }).int().positive().max(2_147_483_647);
export const limitQuery = z.coerce.number().int().min(1).max(200).default(50);
/** Minor units of money: a non-negative safe integer. */
export const minorAmount = z
  .number({ message: 'must be an integer amount in minor units (e.g. fen)' })
  .int({ message: 'must be an integer amount in minor units (e.g. fen), not a fraction' })
  .min(0)
  .max(Number.MAX_SAFE_INTEGER);
export const namesSchema = z.object({ en: z.string().min(1).max(100), zh: z.string().min(1).max(100), vi: z.string().min(1).max(100) });
