// The merchant's server of the webhooks benchmark, in a process of its own (so the benchmark's CPU figure is Trio's
// sweepers, not the receiver): verifies each signature, counts every request and each delivery id it accepts.
// Driven over IPC: {cmd: 'up'|'down'|'stats'}; answers {ok} / {stats}.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const port = Number(process.argv[2]);
const key = createHash('sha256').update(process.argv[3]).digest('hex');
const accepted = new Map();
let requests = 0;
let badSignatures = 0;
let server;

function up() {
  return new Promise((resolve) => {
    server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        requests++;
        const body = Buffer.concat(chunks);
        const ts = String(req.headers['trio-webhook-timestamp'] ?? '');
        const want = Buffer.from('v1=' + createHmac('sha256', key).update(ts + '.').update(body).digest('hex'));
        const got = Buffer.from(String(req.headers['trio-webhook-signature'] ?? ''));
        if (got.length !== want.length || !timingSafeEqual(got, want)) {
          badSignatures++;
          return res.writeHead(401).end();
        }
        const id = JSON.parse(body.toString('utf8')).id;
        accepted.set(id, (accepted.get(id) ?? 0) + 1);
        res.writeHead(204).end();
      });
    });
    server.keepAliveTimeout = 30_000;
    server.listen(port, '127.0.0.1', resolve);
  });
}
function down() {
  return new Promise((resolve) => {
    if (!server) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
    server = undefined;
  });
}

process.on('message', async (m) => {
  if (m.cmd === 'up') await up();
  if (m.cmd === 'down') await down();
  if (m.cmd === 'stats') {
    const cpu = process.cpuUsage();
    return process.send({ stats: { requests, badSignatures, ids: [...accepted.keys()], duplicates: [...accepted.values()].reduce((s, c) => s + c - 1, 0), cpuMs: (cpu.user + cpu.system) / 1000 } });
  }
  process.send({ ok: true });
});
process.on('disconnect', () => process.exit(0));
