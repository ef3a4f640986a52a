// Idempotency-Key on create calls: the same key and request answer the same again; the same key with another
// request is refused. The key is claimed in the transaction of the work itself, so a failure leaves no trace and
// two concurrent requests with one key cannot both do the work (the second waits on the key's row, then replays).
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, eq, lt, sql, type SQL } from 'drizzle-orm';
import { queryPrepared, type Db } from '../db/client.ts';
import { actorOf } from './auth.ts';
import { inTransaction, type Ctx } from './context.ts';
import { BadRequest, Invalid } from './errors.ts';
import { idempotencyKeys } from './schema.ts';

export type Answer<T> = { status: number; body: T };

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** JSON with object keys sorted, so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function requestHash(req: FastifyRequest) {
  return createHash('sha256').update(`${req.method} ${req.url.split('?')[0]}\n${canonical(req.body ?? null)}`).digest('hex');
}

function storeAnswer(scope: string, key: string, a: Answer<unknown>) {
  return sql`update idempotency_keys set status = ${a.status}, response = ${JSON.stringify(a.body)}::jsonb where scope = ${scope} and key = ${key}`;
}

/**
 * What a create call's work may do with its Idempotency-Key: write its answer within a statement it runs anyway
 * (a hot path saves a round trip). Without a key, or when the work does not use it, nothing changes.
 */
export type IdempotencyKey = { answerSql<T>(answer: Answer<T>): SQL };

/**
 * Runs a create call in one transaction, once per Idempotency-Key (when the request carries one), and sends its
 * answer. A replay answers the stored status and body with `Idempotent-Replayed: true`.
 */
export async function idempotent<T>(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, work: (tx: Db, key: IdempotencyKey) => Promise<Answer<T>>) {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) {
    // The same statement text as with a key (prepared statements keep their text), matching no row.
    const answer = await inTransaction(ctx, (tx) => work(tx, { answerSql: (a) => storeAnswer('', '', a) }));
    return reply.code(answer.status).send(answer.body);
  }
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!KEY_PATTERN.test(key)) throw new BadRequest('idempotency_key_invalid', 'The Idempotency-Key header is 1 to 255 printable ASCII characters, e.g. a UUID.');
  const actor = actorOf(req);
  const scope = actor.kind === 'user' ? `u:${actor.userId}` : `k:${actor.keyId}`;
  const hash = requestHash(req);
  const answer = await inTransaction(ctx, async (tx) => {
    const claimed = await queryPrepared(tx, 'trio_claim_idempotency_key', sql`
      insert into idempotency_keys (scope, key, request_hash, status, response, created_at)
      values (${scope}, ${key}, ${hash}, 0, 'null'::jsonb, ${ctx.clock.now()})
      on conflict do nothing returning 1 as ok`);
    if (!claimed.length) {
      const [prev] = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
      if (!prev || prev.requestHash !== hash) {
        throw new Invalid('idempotency_key_reused', 'This Idempotency-Key was already used for a different request. Use a new key for a new request.');
      }
      return { status: prev.status, body: prev.response as T, replayed: true };
    }
    const store = (a: Answer<unknown>) => storeAnswer(scope, key, a);
    let stored: Answer<unknown> | undefined;
    const done = await work(tx, {
      answerSql: (a) => {
        stored = a;
        return store(a);
      },
    });
    // The work wrote an answer in its own statement: it must be the one it returns, else it is written again.
    if (stored !== done) await queryPrepared(tx, 'trio_answer_idempotency_key', store(done));
    return { ...done, replayed: false };
  });
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(answer.status).send(answer.body);
}

/** Keys are kept this long; the scheduler forgets older ones. */
export async function forgetIdempotencyKeys(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).returning({ key: idempotencyKeys.key });
  return rows.length;
}
