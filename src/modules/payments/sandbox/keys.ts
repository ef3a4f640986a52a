// The sandbox's keys: a merchant key pair (the adapter signs with it), a platform key pair (the sandbox signs
// answers and notifications with it), serials, the API v3 key, mchid and appid. Made once per database and shared
// by every process: insert ... on conflict do nothing, then read what won.
import { generateKeyPair, randomBytes, randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { sandboxKeys } from '../schema.ts';

export type SandboxKeys = typeof sandboxKeys.$inferSelect;

const makePair = promisify(generateKeyPair);

async function rsaPair() {
  const { publicKey, privateKey } = await makePair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey: publicKey as unknown as string, privateKey: privateKey as unknown as string };
}

/** A certificate-like serial: 40 upper-case hex characters. */
const serial = () => randomBytes(20).toString('hex').toUpperCase();

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const apiV3Key = () => Array.from({ length: 32 }, () => ALNUM[randomInt(ALNUM.length)]).join('');

export async function sandboxKeysOf(db: Db): Promise<SandboxKeys> {
  const [existing] = await db.select().from(sandboxKeys).where(eq(sandboxKeys.id, 1));
  if (existing) return existing;
  const [merchant, platform] = await Promise.all([rsaPair(), rsaPair()]);
  await db
    .insert(sandboxKeys)
    .values({
      id: 1,
      mchid: `19${String(randomInt(10 ** 8)).padStart(8, '0')}`,
      appid: `wx${randomBytes(8).toString('hex')}`,
      merchantSerial: serial(),
      merchantPrivateKey: merchant.privateKey,
      merchantPublicKey: merchant.publicKey,
      platformSerial: serial(),
      platformPrivateKey: platform.privateKey,
      platformPublicKey: platform.publicKey,
      apiV3Key: apiV3Key(),
    })
    .onConflictDoNothing();
  const [row] = await db.select().from(sandboxKeys).where(eq(sandboxKeys.id, 1));
  return row;
}
