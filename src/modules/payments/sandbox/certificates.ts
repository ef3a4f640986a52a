// The sandbox's GET /v3/certificates, as WeChat Pay serves it: its platform certificate (a key pair of its own and a
// self-signed X.509 certificate, made once per database), encrypted with the API v3 key (AEAD_AES_256_GCM,
// associated_data "certificate"), the answer signed with that certificate's key.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type Forge from 'node-forge';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { sandboxPlatformCertificate } from '../certificates-schema.ts';
import { SANDBOX_PREFIX } from '../provider.ts';
import { encryptResource } from '../wechatpay/aead.ts';
import { rfc3339 } from '../wechatpay/protocol.ts';
import { signedHeaders } from '../wechatpay/sign.ts';
import type { SandboxKeys } from './keys.ts';

export type SandboxCertificate = typeof sandboxPlatformCertificate.$inferSelect;

/** How long the sandbox's platform certificate is valid (WeChat Pay's are five years). */
const VALID_YEARS = 5;

/** A positive 20-byte serial in upper-case hex (the top bit clear, so it has no leading zero byte in DER). */
function certificateSerial() {
  const b = randomBytes(20);
  b[0] = (b[0] & 0x7f) | 0x10;
  return b.toString('hex').toUpperCase();
}

const makePair = promisify(generateKeyPair);

/**
 * A self-signed platform certificate (SHA256withRSA, 2048-bit key made by Node). Node's crypto reads X.509
 * certificates but cannot make one; node-forge does.
 */
export async function makePlatformCertificate(now: Date, serialNo = certificateSerial()) {
  const pair = await makePair('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const privateKey = pair.privateKey as unknown as string;
  // Loaded here: only a sandbox making its platform certificate needs it (not every start).
  const { default: forge } = await import('node-forge');
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKey as unknown as string);
  cert.serialNumber = serialNo.toLowerCase();
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALID_YEARS);
  cert.validity.notBefore = now;
  cert.validity.notAfter = notAfter;
  const name = [{ name: 'commonName', value: 'Trio sandbox platform certificate' }, { name: 'organizationName', value: 'Trio sandbox' }, { name: 'countryName', value: 'CN' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forge.pki.privateKeyFromPem(privateKey) as Forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { serialNo, privateKey, certificate: forge.pki.certificateToPem(cert), effectiveAt: now, expiresAt: notAfter };
}

/** The sandbox's platform certificate, made on first use and shared by every process (insert, then read what won). */
export async function sandboxCertificateOf(db: Db, now: Date): Promise<SandboxCertificate> {
  const [existing] = await db.select().from(sandboxPlatformCertificate).where(eq(sandboxPlatformCertificate.id, 1));
  if (existing) return existing;
  await db.insert(sandboxPlatformCertificate).values({ id: 1, ...(await makePlatformCertificate(now)) }).onConflictDoNothing();
  const [row] = await db.select().from(sandboxPlatformCertificate).where(eq(sandboxPlatformCertificate.id, 1));
  return row;
}

/**
 * The key the sandbox signs an ordinary answer or a notification with (TRIO_SANDBOX_SIGN_WITH): the WeChat Pay public
 * key's pair, or the platform certificate's key, as WeChat Pay does for a merchant in either mode.
 */
export async function sandboxSigningKey(ctx: Ctx, keys: Pick<SandboxKeys, 'platformSerial' | 'platformPrivateKey'>): Promise<{ serialNo: string; privateKey: string }> {
  if (ctx.config.sandboxSignWith === 'certificate') {
    const cert = await sandboxCertificateOf(ctx.db, ctx.clock.now());
    return { serialNo: cert.serialNo, privateKey: cert.privateKey };
  }
  return { serialNo: keys.platformSerial, privateKey: keys.platformPrivateKey };
}

type Refusal = { status: number; code: string; message: string } | undefined;

/** Registered by sandboxApiRoutes, which checks the merchant's signature first (authenticate). */
export function sandboxCertificateRoutes<K extends SandboxKeys>(
  scope: FastifyInstance,
  ctx: Ctx,
  keys: () => Promise<K>,
  authenticate: (k: K, req: FastifyRequest, body: string) => Refusal,
) {
  scope.get(`${SANDBOX_PREFIX}/v3/certificates`, { schema: { hide: true } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const k = await keys();
    const cert = await sandboxCertificateOf(ctx.db, ctx.clock.now());
    const refused = authenticate(k, req, '');
    const { apiV3Key } = k;
    const payload = refused
      ? { code: refused.code, message: refused.message }
      : {
          data: [{
            serial_no: cert.serialNo,
            effective_time: rfc3339(cert.effectiveAt),
            expire_time: rfc3339(cert.expiresAt),
            encrypt_certificate: (({ algorithm, nonce, associated_data, ciphertext }) => ({ algorithm, nonce, associated_data, ciphertext }))(
              encryptResource(cert.certificate, apiV3Key, 'certificate', 'certificate'),
            ),
          }],
        };
    const body = JSON.stringify(payload);
    reply.code(refused?.status ?? 200).headers(signedHeaders({ serialNo: cert.serialNo, privateKey: cert.privateKey }, body, ctx.clock.now()));
    return reply.type('application/json; charset=utf-8').send(body);
  });
}
