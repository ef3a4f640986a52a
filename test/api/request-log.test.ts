// Requests are logged at debug: at the default info level `npm start`'s ready banner is not buried under two lines per
// request. LOG_LEVEL=debug still shows each request, with its status and time.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { cloneDatabase } from '../helpers.ts';

it('each request is logged at debug (incoming, completed with status and time), none at info', async () => {
  const lines: { level: number; msg: string; res?: { statusCode: number }; responseTime?: number }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  const database = await cloneDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-log-'));
  const config = loadConfig({ ...process.env, TRIO_DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
  const { app } = await buildApp({ database, config, logger: { level: 'debug', stream } });
  try {
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/nothing-here' })).statusCode).toBe(404);
    const requestLines = lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed');
    expect(requestLines.map((l) => [l.msg, l.level])).toEqual([
      ['incoming request', 20], ['request completed', 20], ['incoming request', 20], ['request completed', 20],
    ]);
    expect(requestLines.filter((l) => l.res).map((l) => l.res!.statusCode)).toEqual([200, 404]);
    expect(requestLines.every((l) => l.msg !== 'request completed' || typeof l.responseTime === 'number')).toBe(true);
    expect(lines.filter((l) => l.level === 30 && /request/.test(l.msg))).toEqual([]);
  } finally {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
