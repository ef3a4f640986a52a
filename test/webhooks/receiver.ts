// A merchant's webhook receiver for tests: a real HTTP server on 127.0.0.1 that checks each delivery's signature the
// way the README tells a merchant to (its own code here, not Trio's), keeps what it received, and answers as told.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Delivery = { headers: http.IncomingHttpHeaders; body: string; json: { id: string; event: string; storeId: string; data: Record<string, unknown> }; verified: boolean };

/** README "Merchant webhooks": key = hex SHA-256 of the secret; signature = v1= hex HMAC-SHA256(key, timestamp "." body). */
export function verify(secret: string, headers: http.IncomingHttpHeaders, body: Buffer, now: Date): boolean {
  const timestamp = String(headers['trio-webhook-timestamp'] ?? '');
  const signature = String(headers['trio-webhook-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > 300) return false;
  const key = createHash('sha256').update(secret).digest('hex');
  const want = Buffer.from(`v1=${createHmac('sha256', key).update(`${timestamp}.`).update(body).digest('hex')}`);
  const got = Buffer.from(signature);
  return got.length === want.length && timingSafeEqual(got, want);
}

export async function webhookReceiver(clock: { now(): Date }) {
  const received: Delivery[] = [];
  const held: http.ServerResponse[] = [];
  let secret = '';
  let answer = 200;
  let holdIf: ((body: string) => boolean) | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const verified = verify(secret, req.headers, raw, clock.now());
      const body = raw.toString('utf8');
      received.push({ headers: req.headers, body, json: JSON.parse(body), verified });
      if (holdIf?.(body)) {
        holdIf = undefined;
        held.push(res);
        return;
      }
      const status = verified ? answer : 401;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 401 ? 'bad signature' : status < 300 ? 'ok' : 'down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/trio`,
    received,
    /** The secret the merchant pasted into the receiver. */
    useSecret(s: string) { secret = s; },
    answer(status: number) { answer = status; },
    hold(match: (body: string) => boolean) { holdIf = match; },
    release(status: number) { for (const res of held.splice(0)) res.writeHead(status).end(); },
    close: () => new Promise<void>((resolve) => {
      for (const res of held.splice(0)) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
