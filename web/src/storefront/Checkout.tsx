// Checkout: where it goes (address book), what is bought (one order per store), a note, and one payment for all.
// From the cart (?skus=a,b) or "Buy now" on a product page (?product=&sku=&qty=&channel=).
import { useCallback, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ItemThumb, ShippingFee } from '../components/OrderParts.tsx';
import { EmptyState, ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { ApiError, client, data, idempotency } from '../lib/api.ts';
import { attrsLabel, useChannel, useVia, type Channel } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { cartKey, useCart, useIdempotencyKey } from '../lib/orders.ts';
import { AddressBook } from './AddressBook.tsx';
import type { StoreChoice } from './CartPricing.tsx';

type Line = { channel?: Channel; skuId: string; productId: string; storeId: string; storeName: string; title: string; attrs: Record<string, string>; imageId: string | null; unitPrice: number; currency: string; quantity: number; lineTotal: number; miniSiteId?: string | null; customMediaId?: string | null };

/** The lines of a "Buy now": one SKU of one product, read from the storefront. */
function useBuyNowLines(productId: string | null, skuId: string | null, qty: number) {
  const channel = useChannel();
  const product = useQuery({
    queryKey: ['storefront', 'product', productId, channel],
    enabled: !!productId,
    queryFn: ({ signal }) => data(client.GET('/api/storefront/products/{productId}', { params: { path: { productId: productId! }, query: { channel } }, signal })),
  });
  const store = useQuery({
    queryKey: ['storefront-store', product.data?.storeId],
    enabled: !!product.data,
    queryFn: ({ signal }) => data(client.GET('/api/storefront/stores/{storeId}', { params: { path: { storeId: product.data!.storeId } }, signal })),
  });
  const p = product.data;
  const sku = p?.skus.find((s) => s.id === skuId);
  const lines: Line[] | undefined =
    p && sku && store.data
      ? [{ skuId: sku.id, productId: p.id, storeId: p.storeId, storeName: store.data.name, title: p.title, attrs: sku.attrs, imageId: p.imageIds[0] ?? null, unitPrice: sku.price, currency: p.currency, quantity: qty, lineTotal: sku.price * qty }]
      : undefined;
  return { lines, isPending: product.isPending || (!!p && store.isPending), error: product.error ?? store.error, refetch: () => void product.refetch(), missing: !!p && !sku };
}

export function Checkout() {
  const [params] = useSearchParams();
  const productId = params.get('product');
  const buyNow = !!productId;
  const qty = Math.max(1, Math.floor(Number(params.get('qty') ?? '1')) || 1);
  const cart = useCart();
  const channel = useChannel();
  const direct = useBuyNowLines(productId, params.get('sku'), qty);

  if (buyNow) {
    if (direct.isPending) return <Loading />;
    if (direct.error) return <ErrorState error={direct.error} onRetry={direct.refetch} />;
    if (direct.missing || !direct.lines) return <NothingToBuy />;
    return <CheckoutForm lines={direct.lines} buyNow channel={channel} />;
  }
  if (cart.isPending) return <Loading />;
  if (cart.error || !cart.data) return <ErrorState error={cart.error} onRetry={() => cart.refetch()} />;
  const wanted = new Set((params.get('skus') ?? '').split(',').filter(Boolean));
  const lines = cart.data.lines.filter((l) => l.available && !l.problem && (wanted.size === 0 || wanted.has(l.skuId)));
  if (lines.length === 0) return <NothingToBuy />;
  return <CheckoutForm lines={lines} />;
}

function NothingToBuy() {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon="🛒"
      title={t('orders.checkout.nothingTitle')}
      action={
        <Link to="/cart" className="btn btn--primary">
          {t('orders.checkout.backToCart')}
        </Link>
      }
    >
      {t('orders.checkout.nothingText')}
    </EmptyState>
  );
}

function CheckoutForm({ lines, buyNow, channel }: { lines: Line[]; buyNow?: boolean; channel?: Channel }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const idem = useIdempotencyKey();
  const via = useVia();
  const [addressId, setAddressIdState] = useState<string | null>(null);
  const setAddressId = useCallback((id: string | null) => setAddressIdState(id), []);
  const [note, setNote] = useState('');
  const [missingAddress, setMissingAddress] = useState(false);
  // The coupons and points chosen in the cart (member prices apply without them).
  const discounts = ((useLocation().state as { discounts?: StoreChoice[] } | null)?.discounts ?? []).filter((d) => lines.some((l) => l.storeId === d.storeId));

  const stores = [...new Map(lines.map((l) => [l.storeId, l.storeName])).entries()];
  const currency = lines[0].currency;
  const count = lines.reduce((s, l) => s + l.quantity, 0);
  // The shipping fee of each store order to the chosen address, and the total the checkout statement will expect.
  const wanted = lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }));
  const quote = useQuery({
    queryKey: ['buyer', 'checkout-quote', wanted, addressId, channel ?? 'store', discounts],
    queryFn: ({ signal }) => data(client.POST('/api/checkout/quote', { body: { lines: wanted, ...(addressId ? { addressId } : {}), ...(channel ? { channel } : {}), ...(discounts.length ? { discounts } : {}) }, signal })),
  });
  const feeOf = (storeId: string) => quote.data?.stores.find((s) => s.storeId === storeId);
  // Shown (and sent as expectedTotal) only once the quote for this address is in: never a total without its fees.
  const total = quote.data?.total;
  const undelivered = !!quote.data?.stores.some((s) => s.undeliveredProductIds.length > 0);

  const place = useMutation({
    mutationFn: () => {
      // One checkout records one channel: the product page's, or the one all chosen cart lines were added in.
      const lineChannels = [...new Set(lines.map((l) => l.channel ?? 'store'))];
      const sold = buyNow ? (channel ?? 'store') : lineChannels.length === 1 ? lineChannels[0] : 'store';
      const body = {
        // Through a mini-site: the product page's ?via= (buy now), or the mini-site each cart line was added through.
        lines: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity, ...(l.miniSiteId ? { miniSiteId: l.miniSiteId } : {}), ...((buyNow ? via.media : l.customMediaId) ? { mediaId: (buyNow ? via.media : l.customMediaId)! } : {}) })),
        ...(buyNow && via.via ? { miniSiteAppId: via.via } : {}),
        addressId: addressId!,
        expectedTotal: total!,
        ...(discounts.length ? { discounts } : {}),
        ...(sold !== 'store' ? { channel: sold } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      };
      return data(client.POST('/api/checkout', { body, headers: idempotency(idem.keyFor(body)) }));
    },
    // Prices moved since this page was drawn: draw it again with the current ones, for the buyer to confirm.
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'price_changed') {
        void qc.invalidateQueries({ queryKey: cartKey });
        void qc.invalidateQueries({ queryKey: ['storefront', 'product'] });
        void qc.invalidateQueries({ queryKey: ['buyer', 'checkout-quote'] });
      }
    },
    onSuccess: (r) => {
      idem.done();
      void qc.invalidateQueries({ queryKey: cartKey });
      void qc.invalidateQueries({ queryKey: ['buyer', 'orders'] });
      const back = r.orders.length === 1 ? `/orders/${r.orders[0].id}` : '/orders';
      // Coupons and points paid it all: the orders are paid already, nothing to pay.
      navigate(r.amount === 0 ? back : `/pay/${r.paymentId}?return=${encodeURIComponent(back)}`, { replace: true });
    },
  });

  // Not a <form>: the address book inside has forms of its own, and forms cannot nest.
  function submit() {
    if (!addressId) {
      setMissingAddress(true);
      document.getElementById('addr-h')?.scrollIntoView({ block: 'start' });
      return;
    }
    place.mutate();
  }
  const priceChanged = place.error instanceof ApiError && place.error.code === 'price_changed';
  const stockSku = place.error instanceof ApiError && place.error.code === 'stock_insufficient' ? String(place.error.problem.skuId ?? '') : '';

  return (
    <div className="checkout">
      <h1 id="checkout-h" className="shop__title">
        {t('orders.checkout.title')}
      </h1>
      <section className="card checkout__section" aria-labelledby="addr-h">
        <h2 id="addr-h">{t('orders.checkout.address')}</h2>
        {missingAddress && !addressId && (
          <p className="field__error" role="alert">
            {t('orders.checkout.chooseAddress')}
          </p>
        )}
        <AddressBook value={addressId} onChange={setAddressId} legend={t('orders.checkout.deliverTo')} />
      </section>
      <section className="card checkout__section" aria-labelledby="items-h">
        <h2 id="items-h">{t('orders.checkout.items', { count })}</h2>
        {stores.length > 1 && <p className="muted small">{t('orders.checkout.splitNote', { count: stores.length })}</p>}
        {stores.map(([storeId, storeName]) => {
          const mine = lines.filter((l) => l.storeId === storeId);
          return (
            <div key={storeId} className="checkout__store">
              <h3 className="cart-store__name">{storeName}</h3>
              <ul className="order-items">
                {mine.map((l) => (
                  <li key={l.skuId} className={`order-item${stockSku === l.skuId ? ' order-item--problem' : ''}`}>
                    <ItemThumb imageId={l.imageId} title={l.title} />
                    <div className="order-item__body">
                      <span className="order-item__title">{l.title}</span>
                      {Object.keys(l.attrs).length > 0 && <span className="sub">{attrsLabel(l.attrs)}</span>}
                      <span className="sub">
                        {f.money(l.unitPrice, l.currency)} × {l.quantity}
                      </span>
                    </div>
                    <span className="order-item__amount">{f.money(l.lineTotal, l.currency)}</span>
                  </li>
                ))}
              </ul>
              <p className="checkout__subtotal">
                {t('orders.checkout.subtotal')} <strong>{f.money(mine.reduce((s, l) => s + l.lineTotal, 0), currency)}</strong>
              </p>
              {!!feeOf(storeId)?.discount && (
                <p className="checkout__subtotal" data-testid="checkout-discount">
                  {t('pricing.discount')} <strong>−{f.money(feeOf(storeId)!.discount, currency)}</strong>
                </p>
              )}
              <ShippingFee fee={feeOf(storeId)?.shippingFee} currency={currency} />
              {!!feeOf(storeId)?.undeliveredProductIds.length && (
                <p className="field__error" role="alert">
                  {t('shipping.notDelivered')}
                </p>
              )}
            </div>
          );
        })}
      </section>
      <section className="card checkout__section">
        <Field label={t('orders.checkout.note')} optional optionalText={t('common.optional')} hint={t('orders.checkout.noteHint')}>
          {(p) => <textarea {...p} rows={2} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
      </section>
      <ProblemAlert error={place.error ?? quote.error} className="checkout__error" />
      {priceChanged && <p className="muted small">{t('orders.checkout.priceAdvice')}</p>}
      {stockSku && (
        <p className="muted small">
          {t('orders.checkout.stockAdvice')} <Link to="/cart">{t('orders.checkout.backToCart')}</Link>
        </p>
      )}
      <div className="pay-bar">
        <div className="pay-bar__sum">
          <span className="muted small">{t('orders.checkout.total')}</span>
          <span className="pay-bar__total" data-testid="checkout-total">
            {total === undefined ? '…' : f.money(total, currency)}
          </span>
        </div>
        <button type="button" className="btn btn--primary" disabled={place.isPending || total === undefined || undelivered} onClick={submit}>
          {place.isPending ? t('orders.checkout.placing') : t('orders.checkout.place')}
        </button>
      </div>
    </div>
  );
}
