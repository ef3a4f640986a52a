// The kernel's one listener (versioned caches, inbox live): when its connection is killed it connects again by
// itself, catches up (onConnect) and hears the NOTIFYs sent after. PostgreSQL only (*.pg.test.ts).
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ChannelListener } from '../../src/kernel/channel-listener.ts';
import { WAIT } from '../helpers.ts';

const url = process.env.DATABASE_URL!;
const channel = `trio_test_listener_${process.pid}`;
const admin = new pg.Client({ connectionString: url });
afterAll(() => admin.end());

describe('ChannelListener', () => {
  it('hears NOTIFYs, and after its connection is killed reconnects, catches up and hears the next ones', async () => {
    await admin.connect();
    const heard: string[] = [];
    let connects = 0;
    let losses = 0;
    const listener = new ChannelListener({
      channel,
      databaseUrl: url,
      onNotify: (p) => heard.push(p),
      onConnect: () => void connects++,
      onLost: () => void losses++,
      onError: () => {},
    });
    await listener.start();
    try {
      expect(listener.connected).toBe(true);
      await admin.query(`SELECT pg_notify($1, 'one')`, [channel]);
      await expect.poll(() => heard, WAIT).toEqual(['one']);

      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()`,
        [`LISTEN ${channel}`],
      );
      expect(killed.rowCount).toBe(1);
      await expect.poll(() => losses, WAIT).toBe(1);
      await expect.poll(() => listener.connected && connects, WAIT).toBe(2);

      await admin.query(`SELECT pg_notify($1, 'two')`, [channel]);
      await expect.poll(() => heard, WAIT).toEqual(['one', 'two']);
    } finally {
      await listener.close();
    }
    expect(listener.connected).toBe(false);
  });
});
