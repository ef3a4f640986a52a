// The inbox live across processes: two Trio apps over one database stand for two server processes. A buyer's stream
// opened on one gets a message written through the other as soon as it commits; after a reconnect to the other
// process with Last-Event-ID it gets exactly what it missed, in order, and then what comes next.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { testEnv, WAIT, type TestEnv } from '../helpers.ts';
import { buyer, call, openStore, type Buyer, type Store } from '../orders/fixtures.ts';
import { ok } from './support.ts';

let env: TestEnv;
let first: FastifyInstance;
let second: { app: FastifyInstance; database?: Database };
let urls: [string, string];
let s: Store;

beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: String(24 * 365) });
  // Two apps listening on ports stand for two processes. On PostgreSQL each LISTENs on the test's own database (the
  // second with a pool of its own); PGlite has one owner, shared by both.
  const config = loadConfig({ ...process.env, TRIO_DATA_DIR: env.dataDir, LOG_LEVEL: 'silent', TRIO_SESSION_TTL_HOURS: String(24 * 365), ...(env.database.url ? { DATABASE_URL: env.database.url } : {}) });
  first = (await buildApp({ database: env.database, config, clock: env.clock, logger: false })).app;
  const database = env.database.url ? await openDatabase({ databaseUrl: env.database.url, poolSize: 2 }) : env.database;
  second = { app: (await buildApp({ database, config, clock: env.clock, logger: false })).app, database: env.database.url ? database : undefined };
  urls = [await first.listen({ port: 0, host: '127.0.0.1' }), await second.app.listen({ port: 0, host: '127.0.0.1' })];
  s = await openStore(env);
});
afterAll(async () => {
  await first?.close();
  await second?.app.close();
  await second?.database?.close();
  await env?.close();
});

type Event = { id?: string; event: string; data: any };

/** An open event stream: the events got so far, and the way to end it. */
function openStream(base: string, b: Buyer, lastEventId?: number) {
  const events: Event[] = [];
  const abort = new AbortController();
  const status = fetch(`${base}/api/inbox/live`, {
    headers: { ...b.headers, accept: 'text/event-stream', ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) }, signal: abort.signal,
  }).then(async (res) => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += decoder.decode(value, { stream: true });
          let cut: number;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const e: Event = { event: 'message', data: null };
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) e.id = line.slice(4);
              else if (line.startsWith('event: ')) e.event = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (data) {
              e.data = JSON.parse(data);
              events.push(e);
            }
          }
        }
      } catch {
        // aborted
      }
    })();
    return res.status;
  });
  const messages = () => events.filter((e) => e.event === 'message').map((e) => e.data as { id: number; text: string | null; kind: string });
  return { events, messages, status, close: () => abort.abort() };
}

const write = (base: FastifyInstance, b: Buyer, text: string) => ok(base.inject({ method: 'POST', url: `/api/inbox/stores/${s.storeId}/messages`, headers: b.headers, payload: { text } }));
const answer = (app: FastifyInstance, b: Buyer, text: string) =>
  ok(app.inject({ method: 'POST', url: `${s.url}/conversations/${b.userId}/replies`, headers: s.merchant.headers, payload: { text } }));

describe('the inbox live stream', () => {
  it('gets a message written through another process, with the unread count after it', async () => {
    const b = await buyer(env);
    const stream = openStream(urls[0], b);
    expect(await stream.status).toBe(200);
    await expect.poll(() => stream.events.some((e) => e.event === 'unread'), WAIT).toBe(true);
    await write(second.app, b, 'Xin chào');
    await answer(second.app, b, 'Chào bạn! 你好！');
    await expect.poll(() => stream.messages().map((m) => m.text), WAIT).toEqual(['Xin chào', 'Chào bạn! 你好！']);
    expect(stream.messages()[1]).toMatchObject({ kind: 'store_reply', read: false, storeId: s.storeId });
    await expect.poll(() => stream.events.filter((e) => e.event === 'unread').at(-1)?.data.count, WAIT).toBe(1);
    // Each event's id is its message's id.
    expect(stream.events.filter((e) => e.event === 'message').map((e) => Number(e.id))).toEqual(stream.messages().map((m) => m.id));
    stream.close();
  });

  it('resumes on the other process after Last-Event-ID: what was missed, in order, once; then what comes next', async () => {
    const b = await buyer(env);
    await write(first, b, 'Câu hỏi 1');
    const before = openStream(urls[0], b);
    await expect.poll(() => before.events.some((e) => e.event === 'unread'), WAIT).toBe(true);
    await answer(first, b, 'Trả lời 1');
    await expect.poll(() => before.messages().map((m) => m.text), WAIT).toEqual(['Trả lời 1']);
    const lastId = before.messages()[0].id;
    before.close();

    // Disconnected: two messages come meanwhile.
    await answer(first, b, 'Trả lời 2');
    await write(first, b, 'Câu hỏi 2');
    const resumed = openStream(urls[1], b, lastId);
    expect(await resumed.status).toBe(200);
    await expect.poll(() => resumed.messages().map((m) => m.text), WAIT).toEqual(['Trả lời 2', 'Câu hỏi 2']);
    await answer(first, b, 'Trả lời 3');
    await expect.poll(() => resumed.messages().map((m) => m.text), WAIT).toEqual(['Trả lời 2', 'Câu hỏi 2', 'Trả lời 3']);
    const ids = resumed.messages().map((m) => m.id);
    expect(ids.every((id, i) => id > lastId && (i === 0 || id > ids[i - 1]))).toBe(true);
    resumed.close();
  });

  it('is the buyer’s own: another buyer’s stream gets nothing of it; a merchant may not open one', async () => {
    const [a, other] = [await buyer(env), await buyer(env)];
    const theirs = openStream(urls[1], other);
    await expect.poll(() => theirs.events.some((e) => e.event === 'unread'), WAIT).toBe(true);
    await write(first, a, 'private');
    const mine = openStream(urls[1], a, 0);
    await expect.poll(() => mine.messages().map((m) => m.text), WAIT).toEqual(['private']);
    expect(theirs.messages()).toEqual([]);
    const merchant = openStream(urls[0], s.merchant as unknown as Buyer);
    expect(await merchant.status).toBe(403);
    for (const x of [theirs, mine, merchant]) x.close();
    const bad = await call(env, 'GET', '/api/inbox/live', a.headers, undefined, { accept: 'text/event-stream', 'last-event-id': 'abc' });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'validation_failed']);
    const notAStream = await call(env, 'GET', '/api/inbox/live', a.headers);
    expect([notAStream.statusCode, notAStream.json().code]).toEqual([400, 'event_stream_expected']);
  });
});
