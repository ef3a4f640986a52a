// What the embeddable components (/components.js: <store-product>, <store-home>, <store-gift>, <store-coupon>) read,
// and the server's own check of who may show a card that needs a link (M6). The script decides nothing:
//
//   1. the card asks POST /api/components/token { appId }: answered only when the request's Origin is one of that
//      mini-site's allowed origins, with a token signed (HMAC-SHA256, key app_secrets 'component-tokens') for that
//      origin and mini-site, valid TRIO_COMPONENT_TOKEN_SECONDS;
//   2. a product (or gift) read needs that token, the same Origin, and the mini-site linked to the product's store
//      now (with the origin still allowed), else 403 not_linked: read from the per-process link cache (link-cache.ts),
//      so a card read asks the database nothing while links and the catalog stay as they are.
// Store and coupon cards need no link.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, Forbidden } from '../../kernel/errors.ts';
import { appSecret } from '../../kernel/secrets.ts';
import { productPage, shownSql, type CatalogCache } from '../catalog/index.ts';
import { publicStore } from '../merchants/index.ts';
import type { LinkCache } from './link-cache.ts';
import { miniSiteByAppId } from './reads.ts';

const TOKEN_SECRET = 'component-tokens';

/** `own`: made for Trio's own origin, where the hosted mini-site /m/<slug> shows the cards of its mini-site. */
export type ComponentGrant = { miniSiteId: string; origin: string; expiresAt: Date; own: boolean };

/** The origin a browser names (scheme://host[:port]); anything else (absent, "null", a path) is no origin. */
export function originOf(header: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw || raw === 'null') return undefined;
  try {
    const u = new URL(raw);
    return u.origin === raw.replace(/\/$/, '') ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Trio's own origin as this request reached it (the hosted mini-sites /m/<slug> are pages of it). */
export function ownOrigin(req: FastifyRequest): string {
  return new URL(`${req.protocol}://${req.host}`).origin;
}

/**
 * The origin of the page that made a component request: its Origin header. A same-origin GET (Trio's hosted
 * mini-site reading a card, or its live stream) carries none but says Sec-Fetch-Site: same-origin, a header no
 * page's script can set: that page's origin is Trio's own.
 */
export function requestOrigin(req: FastifyRequest): string | undefined {
  return originOf(req.headers.origin) ?? (req.headers['sec-fetch-site'] === 'same-origin' ? ownOrigin(req) : undefined);
}

const originNotAllowed = () =>
  new Forbidden('This site is not one of the mini-site’s allowed origins: its components that need a link cannot be shown here.', 'origin_not_allowed');
export const notLinked = () => new Forbidden('This card is shown only on the sites of a mini-site linked with the store that sells it.', 'not_linked');

function mac(key: Buffer, payload: string) {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/** A token for this origin and the mini-site of `appId`, when the origin is one it allows. */
export async function issueComponentToken(ctx: Ctx, appId: string, origin: string | undefined, trioOrigin?: string): Promise<{ token: string; expiresAt: Date; miniSiteId: string }> {
  const site = await miniSiteByAppId(ctx.db, appId);
  // Trio's own origin counts as allowed for every mini-site: its pages show a mini-site's cards only on /m/<slug>.
  const own = !!origin && origin === trioOrigin;
  // An unknown app id reads as a refused origin: the answer says nothing of which app ids exist.
  if (!origin || !site || !(own || site.allowedOrigins.includes(origin))) throw originNotAllowed();
  const expiresAt = new Date(ctx.clock.now().getTime() + ctx.config.componentTokenSeconds * 1000);
  const payload = Buffer.from(JSON.stringify({ m: site.id, o: origin, e: Math.floor(expiresAt.getTime() / 1000), ...(own ? { t: 1 } : {}) })).toString('base64url');
  return { token: `${payload}.${mac(await appSecret(ctx.db, TOKEN_SECRET), payload)}`, expiresAt, miniSiteId: site.id };
}

/** Each request's token, read once: the CORS hook (component-routes.ts) and the route share the same check. */
const grants = new WeakMap<object, Promise<ComponentGrant>>();

/** The grant of this request's token: the first call reads it (`read`), later calls for the same request get that answer. */
export function grantOnce(req: object, read: () => Promise<ComponentGrant>): Promise<ComponentGrant> {
  let grant = grants.get(req);
  if (!grant) {
    grants.set(req, (grant = read()));
    grant.catch(() => {}); // a refusal is answered by whoever awaits it
  }
  return grant;
}

/**
 * The grant a token carries, checked against the request's Origin and the clock. `originConfirmed` is called once the
 * token is found made for this very origin (the routes then let that origin read the answer, refusals included).
 */
export async function readComponentToken(ctx: Ctx, token: string | undefined, origin: string | undefined, originConfirmed?: (origin: string) => void): Promise<ComponentGrant> {
  const [payload, signature, extra] = (token ?? '').split('.');
  if (!payload || !signature || extra !== undefined) throw notLinked();
  const want = Buffer.from(mac(await appSecret(ctx.db, TOKEN_SECRET), payload));
  const got = Buffer.from(signature);
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw notLinked();
  let claims: { m?: unknown; o?: unknown; e?: unknown; t?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw notLinked();
  }
  if (typeof claims.m !== 'string' || typeof claims.o !== 'string' || typeof claims.e !== 'number') throw notLinked();
  // A token carried to another site (or replayed by a script that forges nothing but the token) is refused there.
  if (!origin || origin !== claims.o) throw notLinked();
  originConfirmed?.(origin);
  if (claims.e * 1000 <= ctx.clock.now().getTime()) {
    throw new AppError(401, 'component_token_expired', 'The card’s token has expired: the card asks for a new one.');
  }
  return { miniSiteId: claims.m, origin: claims.o, expiresAt: new Date(claims.e * 1000), own: claims.t === 1 };
}

/** Which of these stores the grant's mini-site is linked with now, its origin still allowed (from the link cache). */
export async function linkedStores(links: LinkCache, grant: ComponentGrant, storeIds: string[]): Promise<Set<string>> {
  if (!storeIds.length) return new Set();
  const reach = await links.reach(grant.miniSiteId);
  if (!grant.own && !reach.origins.has(grant.origin)) return new Set();
  return new Set(storeIds.filter((id) => reach.stores.has(id)));
}

/**
 * For the reads of other component cards that need a link (the cooperation-gift activity card): the token, the
 * request's Origin and a link with the store, else 403 not_linked (401 component_token_expired for an old token).
 */
export async function requireComponentLink(ctx: Ctx, links: LinkCache, req: object, token: string | undefined, origin: string | undefined, storeId: string, originConfirmed?: (origin: string) => void): Promise<ComponentGrant> {
  const grant = await grantOnce(req, () => readComponentToken(ctx, token, origin, originConfirmed));
  if (!(await linkedStores(links, grant, [storeId])).has(storeId)) throw notLinked();
  return grant;
}

export const STOCK_STATES = ['in_stock', 'low', 'sold_out'] as const;
export type StockState = (typeof STOCK_STATES)[number];

export type ProductCardSku = { id: string; attrs: Record<string, string>; price: number; stock: number; stockState: StockState };
export type ProductCard = {
  id: string;
  storeId: string;
  storeName: string;
  title: string;
  /** Path of the first image (large rendition) on Trio, or null. */
  imageUrl: string | null;
  currency: string;
  /** Lowest price of an SKU on sale, minor units of `currency` (null: no SKU). */
  price: number | null;
  stockState: StockState;
  skus: ProductCardSku[];
};

const stockState = (stock: number, low: number): StockState => (stock <= 0 ? 'sold_out' : stock <= low ? 'low' : 'in_stock');

type PageJson = { id: string; storeId: string; storeName: string; title: string; imageIds: string[]; currency: string; skus: { id: string; attrs: Record<string, string>; price: number; stock: number }[] };

/** A product card (its JSON and an ETag with it), built once per catalog version from the mini-site channel's product page. */
export function productCard(cache: CatalogCache, ctx: Ctx, productId: string): Promise<{ card: ProductCard; json: string; etag: string }> {
  return cache.get(`component-product|${productId}`, async () => {
    const page = JSON.parse((await productPage(cache, ctx.db, productId, 'mini_site')).json.toString()) as PageJson;
    const low = ctx.config.lowStockThreshold;
    const skus = page.skus.map((s) => ({ id: s.id, attrs: s.attrs, price: s.price, stock: s.stock, stockState: stockState(s.stock, low) }));
    const onSale = skus.filter((s) => s.stock > 0);
    const prices = (onSale.length ? onSale : skus).map((s) => s.price);
    const card: ProductCard = {
      id: page.id,
      storeId: page.storeId,
      storeName: page.storeName,
      title: page.title,
      imageUrl: page.imageIds[0] ? `/api/storefront/images/${page.imageIds[0]}/large` : null,
      currency: page.currency,
      price: prices.length ? Math.min(...prices) : null,
      stockState: stockState(skus.reduce((n, s) => n + Math.max(0, s.stock), 0), low),
      skus,
    };
    const json = JSON.stringify(card);
    return { card, json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 22)}"` };
  });
}

/** A product card for a card that holds a token: the product's store must be linked with the token's mini-site. */
export async function linkedProductCard(cache: CatalogCache, links: LinkCache, ctx: Ctx, grant: ComponentGrant, productId: string) {
  const card = await productCard(cache, ctx, productId);
  if (!(await linkedStores(links, grant, [card.card.storeId])).has(card.card.storeId)) throw notLinked();
  return card;
}

export type StoreCard = { id: string; name: string; storeType: string; logoUrl: string | null; productCount: number; url: string };

/** A store card (any site may show it): name, products on sale, its page on Trio. */
export function storeCard(cache: CatalogCache, db: Db, storeId: string): Promise<StoreCard> {
  return cache.get(`component-store|${storeId}`, async () => {
    const store = await publicStore(db, storeId);
    const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from products p where p.store_id = ${storeId} and ${shownSql(sql`p`)}`);
    // Stores have no logo yet: the card shows the name's first letter until they do.
    return { id: store.id, name: store.name, storeType: store.storeType, logoUrl: null, productCount: n, url: `/s/${store.id}` };
  });
}
