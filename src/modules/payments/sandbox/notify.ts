// The sandbox sends notifications as WeChat Pay does: the resource encrypted with the API v3 key, the body signed
// with the platform key, POSTed to notify_url (through app.inject when that is this Trio's own public URL).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../../config.ts';
import { encryptResource } from '../wechatpay/aead.ts';
import { rfc3339 } from '../wechatpay/protocol.ts';
import { signedHeaders } from '../wechatpay/sign.ts';
import type { SandboxKeys } from './keys.ts';

export type Outgoing = { headers: Record<string, string>; body: string };

export function buildNotification(
  keys: Pick<SandboxKeys, 'apiV3Key' | 'platformSerial' | 'platformPrivateKey'>,
  now: Date,
  event: { type: string; summary: string; originalType: 'transaction' | 'refund'; resource: object },
): Outgoing {
  const resource = encryptResource(JSON.stringify(event.resource), keys.apiV3Key, event.originalType, event.originalType);
  const body = JSON.stringify({ id: randomUUID(), create_time: rfc3339(now), resource_type: 'encrypt-resource', event_type: event.type, summary: event.summary, resource });
  return { headers: { 'content-type': 'application/json', ...signedHeaders({ serialNo: keys.platformSerial, privateKey: keys.platformPrivateKey }, body, now) }, body };
}

/** POSTs a notification; returns the HTTP status it got (0 when nobody answered). */
export async function deliverNotification(app: FastifyInstance, config: Config, url: string, n: Outgoing): Promise<number> {
  if (url.startsWith(`${config.publicUrl}/`)) {
    const res = await app.inject({ method: 'POST', url: url.slice(config.publicUrl.length), headers: n.headers, payload: n.body });
    return res.statusCode;
  }
  try {
    const res = await fetch(url, { method: 'POST', headers: n.headers, body: n.body, signal: AbortSignal.timeout(10_000) });
    return res.status;
  } catch {
    return 0;
  }
}
