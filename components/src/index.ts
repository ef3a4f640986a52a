// Trio's embeddable store components: one script tag on any page, no framework.
//
//   <script src="https://trio.example/components.js" async></script>
//   <store-product product-id="…" app-id="ms_…" [sku-id] [media-id] [lang]></store-product>
//   <store-home store-id="…" [lang]></store-home>
//   <store-gift activity-id="…" app-id="ms_…" [lang]></store-gift>
//   <store-coupon coupon-id="…" store-id="…" [lang]></store-coupon>
//
// Each renders in its own Shadow DOM; styled with CSS custom properties (--trio-accent, --trio-bg, --trio-fg,
// --trio-muted, --trio-border, --trio-radius, --trio-font) and ::part(card | image | title | price | stock | actions |
// buy | gift | error | link | claim). Events (bubbling, composed): `enter-error` {code, message} when a card cannot be
// shown; `enter-success` {code: 'ok', message, action} when the buyer is taken into the store (buy, gift, visit).
// Product and gift cards need the page's origin allowed by a mini-site linked with the store: the server decides.
import { CardError, TRIO, date, esc, follow, langOf, money, read, readWithToken, say } from './trio.ts';
import type { Lang, TextKey } from './texts.ts';

const STYLE = `
:host{display:block;font-family:var(--trio-font,system-ui,sans-serif);color:var(--trio-fg,#1f2328);max-width:var(--trio-max-width,320px)}
[part~=card]{background:var(--trio-bg,#fff);border:1px solid var(--trio-border,#d0d7de);border-radius:var(--trio-radius,12px);overflow:hidden;display:flex;flex-direction:column}
[part~=image]{width:100%;aspect-ratio:1;object-fit:cover;background:var(--trio-border,#d0d7de);display:block}
.body{padding:12px;display:flex;flex-direction:column;gap:6px}
[part~=title]{font-size:1rem;font-weight:600;margin:0;line-height:1.3}
[part~=price]{font-size:1.15rem;font-weight:700;color:var(--trio-accent,#c2410c)}
[part~=stock],.muted{font-size:.85rem;color:var(--trio-muted,#59636e)}
[part~=actions]{display:flex;gap:8px;flex-wrap:wrap;margin-top:4px}
a.btn,button{flex:1;min-height:44px;display:inline-flex;align-items:center;justify-content:center;padding:0 12px;border-radius:calc(var(--trio-radius,12px) / 1.5);font:inherit;font-weight:600;text-decoration:none;border:1px solid var(--trio-accent,#c2410c);cursor:pointer}
a.primary{background:var(--trio-accent,#c2410c);color:var(--trio-on-accent,#fff)}
a.secondary{background:transparent;color:var(--trio-accent,#c2410c)}
a.btn:focus-visible,button:focus-visible{outline:3px solid var(--trio-focus,#0969da);outline-offset:2px}
a[aria-disabled=true],button:disabled{opacity:.55;cursor:not-allowed}
[part~=error]{font-size:.9rem}
.logo{width:48px;height:48px;border-radius:50%;background:var(--trio-accent,#c2410c);color:var(--trio-on-accent,#fff);display:flex;align-items:center;justify-content:center;font-weight:700;font-size:1.3rem;flex:none}
.row{display:flex;gap:12px;align-items:center}
ul{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
li{display:flex;gap:8px;align-items:center}
li img{width:48px;height:48px;object-fit:cover;border-radius:6px}
li span{flex:1}
`;

let sheet: CSSStyleSheet | null | undefined;
/** One constructed sheet of STYLE for every card (null where constructed sheets are not supported). */
function sharedSheet(): CSSStyleSheet | null {
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
    } catch {
      sheet = null;
    }
  }
  return sheet;
}

type Detail = { code: string; message: string; action?: string };

abstract class TrioCard extends HTMLElement {
  protected root: ShadowRoot;
  protected language: Lang = 'en';
  private stops: (() => void)[] = [];
  private generation = 0;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
  }

  connectedCallback() {
    this.reload();
  }

  disconnectedCallback() {
    this.stop();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.reload();
  }

  private stop() {
    for (const s of this.stops.splice(0)) s();
  }

  protected onStop(fn: () => void) {
    this.stops.push(fn);
  }

  private reload() {
    this.stop();
    this.language = langOf(this);
    const mine = ++this.generation;
    this.paint(`<div part="card" aria-busy="true"><div class="body muted">${esc(this.t('loading'))}</div></div>`);
    this.load(() => mine === this.generation).catch((err: unknown) => {
      if (mine === this.generation) this.fail(err);
    });
  }

  protected t(key: TextKey, vars?: Record<string, string | number>) {
    return say(this.language, key, vars);
  }

  protected paint(html: string) {
    // A constructed style sheet where the browser has them: no inline <style>, so a page with a strict
    // Content-Security-Policy (style-src 'self', as Trio's own hosted mini-site /m/<slug>) shows the card styled.
    const sheet = sharedSheet();
    if (sheet) {
      if (!this.root.adoptedStyleSheets.includes(sheet)) this.root.adoptedStyleSheets = [...this.root.adoptedStyleSheets, sheet];
      this.root.innerHTML = html;
    } else {
      this.root.innerHTML = `<style>${STYLE}</style>${html}`;
    }
  }

  protected emit(name: 'enter-success' | 'enter-error', detail: Detail) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** The card cannot be shown: a clear state, and `enter-error` with the server's code. */
  protected fail(err: unknown) {
    const code = err instanceof CardError ? err.code : 'failed';
    const key: TextKey = code === 'not_linked' ? 'notLinked' : code === 'origin_not_allowed' ? 'originNotAllowed' : /_not_found$/.test(code) ? 'notAvailable' : 'failed';
    this.paint(`<div part="card error" role="status" data-state="${esc(code)}"><div class="body">${esc(this.t(key))}</div></div>`);
    this.emit('enter-error', { code, message: this.t(key) });
  }

  /** Links that take the buyer into the store fire `enter-success` as they open. */
  protected wireLinks() {
    for (const a of this.root.querySelectorAll<HTMLAnchorElement>('a[data-action]')) {
      a.addEventListener('click', () => this.emit('enter-success', { code: 'ok', message: a.href, action: a.dataset.action }));
    }
  }

  protected attr(name: string) {
    return this.getAttribute(name)?.trim() || undefined;
  }

  /** Loads and paints; `current()` is false once a newer load started (attributes changed). */
  protected abstract load(current: () => boolean): Promise<void>;
}

/** A link into Trio in a new tab, carrying the mini-site (`via`) and the card's extra parameters. */
function trioUrl(path: string, params: Record<string, string | undefined>) {
  const u = new URL(path, TRIO);
  for (const [k, v] of Object.entries(params)) if (v) u.searchParams.set(k, v);
  return u.href;
}

const image = (url: string | null | undefined, alt = '') => (url ? `<img part="image" src="${esc(TRIO + url)}" alt="${esc(alt)}" loading="lazy">` : '');

type Sku = { id: string; attrs: Record<string, string>; price: number; stock: number; stockState: string };
type ProductCard = { id: string; storeId: string; storeName: string; title: string; imageUrl: string | null; currency: string; price: number | null; stockState: string; skus: Sku[] };

class StoreProduct extends TrioCard {
  static observedAttributes = ['product-id', 'app-id', 'sku-id', 'media-id', 'lang'];

  protected async load(current: () => boolean) {
    const productId = this.attr('product-id');
    const appId = this.attr('app-id');
    if (!productId || !appId) throw new CardError('attributes_missing', 'product-id and app-id are needed.');
    const card = await readWithToken<ProductCard>(appId, `/api/components/products/${encodeURIComponent(productId)}`);
    if (!current()) return;
    this.show(card);
    this.onStop(follow(appId, productId, (next) => (next instanceof Error ? this.fail(next) : this.show(next as ProductCard))));
  }

  private show(card: ProductCard) {
    const skuId = this.attr('sku-id');
    const sku = skuId ? card.skus.find((s) => s.id === skuId) : undefined;
    const price = sku ? sku.price : card.price;
    const stock = sku ? sku.stockState : card.stockState;
    const appId = this.attr('app-id')!;
    const params = { via: appId, sku: sku?.id, media: this.attr('media-id') };
    const soldOut = stock === 'sold_out';
    const buy = trioUrl(`/p/${card.id}`, params);
    const gift = trioUrl('/gift/new', { product: card.id, ...params });
    const title = esc(card.title);
    this.paint(`<article part="card" aria-label="${title}" data-state="ready">
      ${image(card.imageUrl)}
      <div class="body">
        <h3 part="title">${title}</h3>
        <div aria-live="polite"><span part="price" data-testid="price">${price == null ? '' : esc(money(this.language, price, card.currency))}</span>
        <span part="stock" data-stock="${esc(stock)}"> · ${esc(this.t(stock as TextKey))}</span></div>
        <div class="muted">${esc(card.storeName)}</div>
        <div part="actions">
          <a part="buy" class="btn primary" data-action="buy" target="_blank" rel="noopener" href="${esc(buy)}" aria-label="${esc(this.t('buyLabel', { title: card.title }))}"${soldOut ? ' aria-disabled="true"' : ''}>${esc(this.t('buy'))}</a>
          <a part="gift" class="btn secondary" data-action="gift" target="_blank" rel="noopener" href="${esc(gift)}" aria-label="${esc(this.t('giftLabel', { title: card.title }))}"${soldOut ? ' aria-disabled="true"' : ''}>${esc(this.t('gift'))}</a>
        </div>
      </div></article>`);
    this.wireLinks();
  }
}

type StoreCardData = { id: string; name: string; logoUrl: string | null; productCount: number; url: string };

class StoreHome extends TrioCard {
  static observedAttributes = ['store-id', 'lang'];

  protected async load(current: () => boolean) {
    const storeId = this.attr('store-id');
    if (!storeId) throw new CardError('attributes_missing', 'store-id is needed.');
    const store = await read<StoreCardData>(`/api/components/stores/${encodeURIComponent(storeId)}`);
    if (!current()) return;
    const logo = store.logoUrl ? `<img class="logo" src="${esc(TRIO + store.logoUrl)}" alt="">` : `<span class="logo" aria-hidden="true">${esc([...store.name][0] ?? '')}</span>`;
    this.paint(`<article part="card" aria-label="${esc(store.name)}" data-state="ready"><div class="body">
      <div class="row">${logo}<div><h3 part="title">${esc(store.name)}</h3><div class="muted" data-testid="count">${esc(this.t('products', { n: store.productCount }))}</div></div></div>
      <div part="actions"><a part="link" class="btn primary" data-action="visit" target="_blank" rel="noopener" href="${esc(trioUrl(store.url, {}))}">${esc(this.t('visitStore'))}</a></div>
    </div></article>`);
    this.wireLinks();
  }
}

type GiftActivity = {
  id: string; storeId: string; title: string; remaining: number; startsAt: string; endsAt: string; state: string;
  products: { productId: string; title: string; imageUrl: string | null; price: number; currency: string }[];
};

class StoreGift extends TrioCard {
  static observedAttributes = ['activity-id', 'app-id', 'lang'];

  protected async load(current: () => boolean) {
    const activityId = this.attr('activity-id');
    const appId = this.attr('app-id');
    if (!activityId || !appId) throw new CardError('attributes_missing', 'activity-id and app-id are needed.');
    const a = await readWithToken<GiftActivity>(appId, `/api/components/gift-activities/${encodeURIComponent(activityId)}`).catch((err: unknown) => {
      // No such activity (or the endpoint is not there): "not available", whatever the code.
      throw err instanceof CardError && err.status === 404 ? new CardError('gift_activity_not_found', err.message, 404) : err;
    });
    if (!current()) return;
    const open = a.state === 'active' && a.remaining > 0;
    const items = a.products.map((p) => `<li>${p.imageUrl ? `<img src="${esc(TRIO + p.imageUrl)}" alt="">` : ''}<span>${esc(p.title)}<br><b part="price">${esc(money(this.language, p.price, p.currency))}</b></span>
      ${open ? `<a part="gift" class="btn primary" data-action="gift" target="_blank" rel="noopener" href="${esc(trioUrl('/gift/new', { product: p.productId, activity: a.id, via: appId }))}" aria-label="${esc(this.t('giftLabel', { title: p.title }))}">${esc(this.t('gift'))}</a>` : ''}</li>`).join('');
    this.paint(`<article part="card" aria-label="${esc(a.title)}" data-state="${open ? 'ready' : 'over'}"><div class="body">
      <div class="muted">${esc(this.t('giftActivity'))}</div><h3 part="title">${esc(a.title)}</h3>
      <div part="stock">${open ? `${esc(this.t('remaining', { n: a.remaining }))} · ${esc(this.t('until', { date: date(this.language, a.endsAt) }))}` : esc(this.t('giftEnded'))}</div>
      <ul>${items}</ul></div></article>`);
    this.wireLinks();
  }
}

type CouponCardData = {
  id: string; storeId: string; title: string; kind: string; payBp: number | null; threshold: number; amount: number; currency: string;
  audience: string; state: string; remaining: number; claimEndsAt: string;
};

class StoreCoupon extends TrioCard {
  static observedAttributes = ['coupon-id', 'store-id', 'lang'];

  protected async load(current: () => boolean) {
    const storeId = this.attr('store-id');
    const couponId = this.attr('coupon-id');
    if (!storeId || !couponId) throw new CardError('attributes_missing', 'coupon-id and store-id are needed.');
    const [store, c] = await Promise.all([
      read<StoreCardData>(`/api/components/stores/${encodeURIComponent(storeId)}`),
      read<CouponCardData>(`/api/coupons/${encodeURIComponent(couponId)}`).catch((err) => {
        throw err instanceof CardError && err.status === 404 ? new CardError('coupon_not_found', err.message, 404) : err;
      }),
    ]);
    if (!current()) return;
    if (c.storeId !== storeId) throw new CardError('coupon_not_found', 'This coupon is not the store\'s.', 404);
    const m = (n: number) => money(this.language, n, c.currency);
    const terms = c.kind === 'percent' ? this.t('percentOff', { pay: (c.payBp ?? 10000) / 100, fold: (c.payBp ?? 10000) / 1000 })
      : c.kind === 'spend_off' ? this.t('spendOff', { amount: m(c.amount), threshold: m(c.threshold) })
        : this.t(c.kind === 'direct' ? 'eachOff' : 'amountOff', { amount: m(c.amount) });
    const open = c.state === 'active' && c.remaining > 0;
    // Claiming happens on Trio's own page (the buyer signs in there when needed), in a new tab.
    const claim = open
      ? `<a part="claim" class="btn primary" data-action="claim" target="_blank" rel="noopener" href="${esc(trioUrl(`/coupon/${c.id}`, {}))}" aria-label="${esc(this.t('claimLabel', { title: c.title }))}">${esc(this.t('claim'))}</a>`
      : `<div class="muted" role="note">${esc(c.remaining <= 0 && c.state === 'active' ? this.t('couponSoldOut') : this.t('couponOver'))}</div>`;
    this.paint(`<article part="card" aria-label="${esc(c.title)}" data-state="${open ? 'ready' : 'over'}"><div class="body">
      <div class="muted">${esc(this.t('coupon'))}${c.audience === 'members' ? ` · ${esc(this.t('couponMembers'))}` : ''}</div>
      <h3 part="title">${esc(terms)}</h3><div>${esc(c.title)}</div><div class="muted">${esc(this.t('from', { store: store.name }))}</div>
      <div part="stock">${open ? `${esc(this.t('remaining', { n: c.remaining }))} · ${esc(this.t('until', { date: date(this.language, c.claimEndsAt) }))}` : ''}</div>
      <div part="actions">${claim}</div></div></article>`);
    this.wireLinks();
  }
}

const ELEMENTS: [string, CustomElementConstructor][] = [
  ['store-product', StoreProduct],
  ['store-home', StoreHome],
  ['store-gift', StoreGift],
  ['store-coupon', StoreCoupon],
];
// The script may be on a page twice: the first one defines the elements.
for (const [name, el] of ELEMENTS) if (!customElements.get(name)) customElements.define(name, el);
