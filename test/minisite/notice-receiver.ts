// A mini-site's callback endpoint for tests and the benchmark: a real HTTP server on 127.0.0.1 that keeps what it
// received and answers as told (2xx, an error status, or holds the request until released).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };

export async function noticeReceiver() {
  const received: Received[] = [];
  const held: http.ServerResponse[] = [];
  let answer = 200;
  let holdIf: ((body: string) => boolean) | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '', headers: req.headers, body });
      if (holdIf?.(body)) {
        holdIf = undefined;
        held.push(res);
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'down for maintenance');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/trio/notices?shop=1`,
    received,
    /** What the next requests are answered. */
    answer(status: number) {
      answer = status;
    },
    /** The next request whose body matches gets no answer until `release`. */
    hold(match: (body: string) => boolean) {
      holdIf = match;
    },
    release(status: number) {
      for (const res of held.splice(0)) res.writeHead(status).end();
    },
    close: () => new Promise<void>((resolve) => {
      for (const res of held.splice(0)) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
