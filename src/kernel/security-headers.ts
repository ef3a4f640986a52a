// The headers every answer carries (helmet, built once): a Content-Security-Policy the built web app and /docs run
// under with no violation, no framing by other sites, no MIME sniffing, and no full URL in the Referer to others
// (gift links carry their token in the path).
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Pages other sites may put in a frame: the mini-site's component pages (M6) go here, as path prefixes, with the
 * origins allowed to frame them. Every other answer says frame-ancestors 'none' and X-Frame-Options: DENY.
 */
export const EMBEDDABLE_PAGES: { prefix: string; frameAncestors: string[] }[] = [];

/** Answers other sites may load with <img> or <script> (storefront images, for mini-sites and shared cards; the components script). */
export const CROSS_ORIGIN_RESOURCES = ['/api/storefront/images/', '/components.js'];

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  // data: for the favicon and QR codes, blob: for previews of files about to be uploaded.
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
};

/** /docs: swagger-ui puts its own <style> elements in the page, so its pages (and only they) allow inline styles; scripts stay 'self'. */
export const docsCsp = (header: string) => header.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

const cspHeader = (directives: Record<string, string[]>) =>
  Object.entries(directives).map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${v.join(' ')}`).join('; ');

/** Uploaded files served back (qualification documents): nothing in them may run, whatever a browser makes of them. */
export function asDownload(reply: FastifyReply, mimeType: string, fileName: string) {
  const safeName = fileName.replace(/[^\w.-]/g, '_');
  // Images are shown in place; anything else (PDF) is saved, not opened inside Trio's origin.
  const disposition = mimeType.startsWith('image/') ? 'inline' : 'attachment';
  return reply
    .type(mimeType)
    .header('content-disposition', `${disposition}; filename="${safeName}"`)
    .header('content-security-policy', "default-src 'none'; sandbox");
}

const HELMET = {
  contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
  // Only honoured over HTTPS (a proxy in front); not for subdomains Trio does not own.
  strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  crossOriginResourcePolicy: { policy: 'same-origin' as const },
};

/**
 * helmet's headers for these options, asked of helmet once. They are the same for every answer, so each answer takes
 * them as one object into the reply's own headers instead of running helmet's dozen middlewares per request (each
 * setting its header on the Node response). A cached storefront page allocated 38 KB per request, and the
 * young-generation collections this makes pause every connection: 2 KB less with this alone, half with the pages
 * cached as bytes too (catalog/storefront.ts, jsonBytes).
 */
function helmetHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let done = false;
  helmet(HELMET)({} as IncomingMessage, res as unknown as ServerResponse, () => (done = true));
  // helmet's middlewares run at once for static options; a later helmet that waited would leave headers out.
  if (!done || !headers['content-security-policy']) throw new Error('helmet did not give its headers at once');
  return Object.freeze(headers);
}

const SECURITY_HEADERS = helmetHeaders();

/** The same headers on an answer that no hook sees (the router's own errors, before any route is chosen). */
export function withSecurityHeaders(_req: FastifyRequest, reply: FastifyReply) {
  return reply.headers(SECURITY_HEADERS);
}

export async function registerSecurityHeaders(app: FastifyInstance) {
  // Built once (see helmetHeaders); no route has options of its own, so one set serves them all. One hook, done at
  // once (no promise per request): every request runs it, the crowd of a flash sale's refusals too.
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    const url = req.url;
    for (const p of CROSS_ORIGIN_RESOURCES) {
      if (url.startsWith(p)) {
        reply.header('cross-origin-resource-policy', 'cross-origin');
        break;
      }
    }
    for (const embeddable of EMBEDDABLE_PAGES) {
      if (url.startsWith(embeddable.prefix)) {
        reply.removeHeader('x-frame-options');
        reply.header('content-security-policy', cspHeader({ ...CSP_DIRECTIVES, frameAncestors: embeddable.frameAncestors }));
        break;
      }
    }
    done();
  });
}
