// Idempotency-Key on create calls: the same key and request answer the same again; the same key with another
// request is refused. The key is claimed in the transaction of the work itself, so a failure leaves no trace and
// two concurrent requests with one key cannot both do the work (the second waits on the key's row, then replays).
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, eq, lt, sql, type SQL } from 'drizzle-orm';
import { pgArray, queryPrepared, type Db } from '../db/client.ts';
import { BatchedLookup } from './batched-lookup.ts';
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

function requestHash(method: string, url: string, body: unknown) {
  return createHash('sha256').update(`${method} ${url.split('?')[0]}\n${canonical(body ?? null)}`).digest('hex');
}

function storeAnswer(scope: string, key: string, a: Answer<unknown>) {
  return sql`update idempotency_keys set status = ${a.status}, response = ${JSON.stringify(a.body)}::jsonb where scope = ${scope} and key = ${key}`;
}


/**
 * Who sent a request under which Idempotency-Key, and a hash of what it asked; null without the header. The hash is
 * made when first read (a statement stores it or a replay compares it): a request refused from what the process
 * knows (the crowd of a flash sale) never pays for it.
 */
export type RequestKey = { scope: string; key: string; readonly hash: string };

export function requestKey(req: FastifyRequest): RequestKey | null {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!KEY_PATTERN.test(key)) throw new BadRequest('idempotency_key_invalid', 'The Idempotency-Key header is 1 to 255 printable ASCII characters, e.g. a UUID.');
  const actor = actorOf(req);
  const { method, url, body } = req;
  let hash: string | undefined;
  return {
    scope: actor.kind === 'user' ? `u:${actor.userId}` : `k:${actor.keyId}`, key,
    get hash() {
      return (hash ??= requestHash(method, url, body));
    },
  };
}

/** Claims the key for this request's work, in its statement: a row the work's statements can condition on. */
function claimKeySql(k: RequestKey, now: Date) {
  return sql`insert into idempotency_keys (scope, key, request_hash, status, response, created_at)
    values (${k.scope}, ${k.key}, ${k.hash}, 0, 'null'::jsonb, ${now})
    on conflict do nothing returning 1 as ok`;
}

/**
 * For work done by one statement (whose CTEs cannot see each other's writes, so the key cannot be claimed first and
 * answered later): `keySeenSql` tells whether the key was used before the statement began; `claimKeyLastSql`
 * claims it at the end together with the answer (201) — when a concurrent duplicate claimed it meanwhile, it
 * returns no row and the statement must abort (its work is undone) and replay the other's answer.
 */
export function keySeenSql(k: RequestKey) {
  return sql`exists (select 1 from idempotency_keys where scope = ${k.scope} and key = ${k.key})`;
}

/**
 * Whether the key was used already (a request refused from plain reads is then replayed instead). The keys asked at
 * the same moment on one database are read together: the crowd refused in a flash sale asks one statement, not one
 * each.
 */
export async function keyUsed(db: Db, k: RequestKey): Promise<boolean> {
  let lookups = usedKeys.get(db);
  if (!lookups) usedKeys.set(db, (lookups = new BatchedLookup((ids) => keysFound(db, ids))));
  return !!(await lookups.get(JSON.stringify([k.scope, k.key])));
}

const usedKeys = new WeakMap<Db, BatchedLookup<true>>();

/** Which of the keys (each the JSON of [scope, key]) were used. */
async function keysFound(db: Db, ids: string[]): Promise<Map<string, true>> {
  const pairs = ids.map((id) => JSON.parse(id) as [string, string]);
  // Each key by the primary key, one probe per key (a lateral look-up), whatever the statistics the connection's
  // generic plan was made with: the semi-join's plan, made while the table was small, read the whole table per batch
  // (186,806 rows during one hot-sku burst).
  const rows = await queryPrepared<{ scope: string; key: string }>(db, 'trio_idempotency_keys_seen', sql`
    select u.scope, u.key from unnest(${pgArray(pairs.map((p) => p[0]))}::text[], ${pgArray(pairs.map((p) => p[1]))}::text[]) as u(scope, key),
      lateral (select 1 from idempotency_keys ik where ik.scope = u.scope and ik.key = u.key limit 1) found`);
  return new Map(rows.map((r) => [JSON.stringify([r.scope, r.key]), true as const]));
}

/** A request refused from plain reads: the answer its Idempotency-Key already got (a retry), else the refusal. */
export async function refusedUnlessAnswered<T>(db: Db, k: RequestKey | null, error: Error): Promise<Answer<T> & { replayed: true }> {
  if (k && (await keyUsed(db, k))) return { ...(await storedAnswer<T>(db, k)), replayed: true };
  throw error;
}

export function claimKeyLastSql(k: RequestKey, now: Date, answer: SQL, when: SQL) {
  return sql`insert into idempotency_keys (scope, key, request_hash, status, response, created_at)
    select ${k.scope}, ${k.key}, ${k.hash}, 201, ${answer}, ${now} where ${when}
    on conflict do nothing returning 1 as ok`;
}

/** The answer a key already got (its work committed), or 422 when the key was used for another request. */
export async function storedAnswer<T>(db: Db, k: RequestKey): Promise<Answer<T>> {
  const [prev] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, k.scope), eq(idempotencyKeys.key, k.key)));
  if (!prev || prev.requestHash !== k.hash) {
    throw new Invalid('idempotency_key_reused', 'This Idempotency-Key was already used for a different request. Use a new key for a new request.');
  }
  return { status: prev.status, body: prev.response as T };
}

/** Sends a replayed answer. */
export function sendReplay(reply: FastifyReply, answer: Answer<unknown>) {
  return reply.header('idempotent-replayed', 'true').code(answer.status).send(answer.body);
}

/**
 * Runs a create call in one transaction, once per Idempotency-Key (when the request carries one), and sends its
 * answer. A replay answers the stored status and body with `Idempotent-Replayed: true`.
 */
export async function idempotent<T>(
  ctx: Ctx, req: FastifyRequest, reply: FastifyReply, work: (tx: Db) => Promise<Answer<T>>,
  /** Turns the stored answer into what is sent, after the commit (a view that need not hold the work's locks). */
  present: (body: T) => unknown = (body) => body,
) {
  const k = requestKey(req);
  if (!k) {
    const answer = await inTransaction(ctx, (tx) => work(tx));
    return reply.code(answer.status).send(await present(answer.body));
  }
  const answer = await inTransaction(ctx, async (tx) => {
    const claimed = await queryPrepared(tx, 'trio_claim_idempotency_key', claimKeySql(k, ctx.clock.now()));
    if (!claimed.length) return { ...(await storedAnswer<T>(tx, k)), replayed: true };
    const done = await work(tx);
    await queryPrepared(tx, 'trio_answer_idempotency_key', storeAnswer(k.scope, k.key, done));
    return { ...done, replayed: false };
  });
  const body = answer.status < 300 ? await present(answer.body) : answer.body;
  if (answer.replayed) return sendReplay(reply, { status: answer.status, body });
  return reply.code(answer.status).send(body);
}

/** Keys are kept this long; the scheduler forgets older ones. */
export async function forgetIdempotencyKeys(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).returning({ key: idempotencyKeys.key });
  return rows.length;
}
