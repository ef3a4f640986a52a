// Secrets Trio makes once and keeps in the database (app_secrets), the same for every process: the first process
// to ask writes a random value, every later ask reads it. They never change, so each process keeps what it read.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';

const cache = new WeakMap<object, Map<string, Promise<Buffer>>>();

/** The secret of this name (32 random bytes), made at the first ask. */
export function appSecret(db: Db, name: string): Promise<Buffer> {
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map()));
  let secret = byName.get(name);
  if (!secret) {
    secret = load(db, name);
    byName.set(name, secret);
    secret.catch(() => byName.delete(name));
  }
  return secret;
}

async function load(db: Db, name: string): Promise<Buffer> {
  await db.execute(sql`insert into app_secrets (name, value) values (${name}, ${randomBytes(32).toString('base64url')}) on conflict do nothing`);
  const [row] = await queryRows<{ value: string }>(db, sql`select value from app_secrets where name = ${name}`);
  return Buffer.from(row.value, 'base64url');
}
