// The buyer's cart, grouped by store: current prices, quantities, problems (sold out, not enough stock), and a
// selection to check out. Totals are sums of integer minor units.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { ItemThumb, ShippingFee } from '../components/OrderParts.tsx';
import { EmptyState, ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { attrsLabel, withChannel } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { cartKey, useCart, type CartLine } from '../lib/orders.ts';
import { toggled } from '../lib/sets.ts';
import { CartPricing, type StoreChoice } from './CartPricing.tsx';

/** Quantity with − and + buttons; the number can be typed too (sent on blur or Enter). */
export function QuantityStepper({ value, max, min = 1, label, disabled, onChange }: { value: number; max: number; min?: number; label: string; disabled?: boolean; onChange: (n: number) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(String(value));
  }
  const commit = () => {
    const n = Math.floor(Number(text));
    if (!Number.isFinite(n) || n < min) return setText(String(value));
    const clamped = Math.min(n, Math.max(max, min));
    setText(String(clamped));
    if (clamped !== value) onChange(clamped);
  };
  return (
    <div className="qty" role="group" aria-label={label}>
      <button type="button" className="qty__btn" aria-label={t('orders.cart.less')} disabled={disabled || value <= min} onClick={() => onChange(value - 1)}>
        −
      </button>
      <input
        className="qty__input"
        type="number"
        inputMode="numeric"
        min={min}
        max={Math.max(max, min)}
        aria-label={t('orders.cart.quantity')}
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
      <button type="button" className="qty__btn" aria-label={t('orders.cart.more')} disabled={disabled || value >= max} onClick={() => onChange(value + 1)}>
        +
      </button>
    </div>
  );
}

function lineProblem(t: TFunction, l: CartLine) {
  if (!l.problem) return null;
  return l.problem === 'not_enough_stock' ? t('orders.cart.problem.not_enough_stock', { count: l.stock }) : t(`orders.cart.problem.${l.problem}`);
}

export function Cart() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const query = useCart();
  // Lines the buyer took out of this checkout (everything else that can be bought is in).
  const [unselected, setUnselected] = useState<Set<string>>(new Set());
  // The buyer's own choices of coupons and points (store orders not named show the best combination).
  const [choices, setChoices] = useState<StoreChoice[]>([]);
  const linesKey = query.data?.lines.map((l) => `${l.skuId}:${l.quantity}`).join(',');
  const priced = useQuery({
    queryKey: [...cartKey, 'pricing', choices, linesKey],
    enabled: choices.length > 0 && !!query.data,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => data(client.POST('/api/cart/pricing', { body: { choices }, signal })),
  });

  const setQty = useMutation({
    mutationFn: ({ skuId, quantity }: { skuId: string; quantity: number }) => data(client.PUT('/api/cart/lines/{skuId}', { params: { path: { skuId } }, body: { quantity } })),
    onSuccess: (cart) => qc.setQueryData(cartKey, cart),
  });
  const remove = useMutation({
    mutationFn: (l: CartLine) => data(client.DELETE('/api/cart/lines/{skuId}', { params: { path: { skuId: l.skuId } } })),
    onSuccess: (cart, l) => {
      qc.setQueryData(cartKey, cart);
      announce(t('orders.cart.removed', { title: l.title }));
    },
  });

  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const cart = (choices.length > 0 && priced.data) || query.data;
  const choose = (c: StoreChoice) => setChoices((prev) => [...prev.filter((x) => x.storeId !== c.storeId), c]);

  if (cart.lines.length === 0)
    return (
      <>
        <h1 className="shop__title">{t('orders.cart.title')}</h1>
        <EmptyState
          icon="🛒"
          title={t('orders.cart.emptyTitle')}
          action={
            <Link to="/" className="btn btn--primary">
              {t('orders.cart.browse')}
            </Link>
          }
        >
          {t('orders.cart.emptyText')}
        </EmptyState>
      </>
    );

  const buyable = (l: CartLine) => l.available && !l.problem;
  const chosen = cart.lines.filter((l) => buyable(l) && !unselected.has(l.skuId));
  // Each store order with a chosen line pays its shipping fee (quoted for the default address; checkout shows the exact one).
  const chosenStores = new Set(chosen.map((l) => l.storeId));
  // A store order's coupons and points are priced on all its lines: they go with it only when all of them are chosen.
  const whole = (storeId: string) => cart.lines.filter((l) => l.storeId === storeId && buyable(l)).every((l) => !unselected.has(l.skuId));
  const discounted = cart.stores.filter((s) => chosenStores.has(s.storeId) && s.pricing && whole(s.storeId));
  const total = chosen.reduce((s, l) => s + l.lineTotal, 0) - discounted.reduce((sum, s) => sum + s.discount, 0)
    + cart.stores.filter((s) => chosenStores.has(s.storeId)).reduce((sum, s) => sum + s.shippingFee, 0);
  const items = Object.fromEntries(cart.lines.map((l) => [l.skuId, { title: l.title, productId: l.productId }]));
  const count = chosen.reduce((s, l) => s + l.quantity, 0);
  const toggle = (skuId: string) => setUnselected((s) => toggled(s, skuId));

  return (
    <>
      <h1 className="shop__title">{t('orders.cart.title')}</h1>
      <ProblemAlert error={setQty.error ?? remove.error} />
      {cart.stores.map((s) => {
        const lines = cart.lines.filter((l) => l.storeId === s.storeId);
        return (
          <section key={s.storeId} className="cart-store" aria-labelledby={`cs-${s.storeId}`}>
            <h2 id={`cs-${s.storeId}`} className="cart-store__name">
              <Link to={`/s/${s.storeId}`}>{s.storeName}</Link>
            </h2>
            <ul className="cart-lines">
              {lines.map((l) => {
                const problem = lineProblem(t, l);
                const busy = (setQty.isPending && setQty.variables?.skuId === l.skuId) || (remove.isPending && remove.variables?.skuId === l.skuId);
                return (
                  <li key={l.skuId} className={`cart-line${buyable(l) ? '' : ' cart-line--problem'}`}>
                    <input
                      type="checkbox"
                      className="cart-line__check"
                      checked={buyable(l) && !unselected.has(l.skuId)}
                      disabled={!buyable(l)}
                      onChange={() => toggle(l.skuId)}
                      aria-label={t('orders.cart.select', { title: l.title })}
                    />
                    <Link to={withChannel(`/p/${l.productId}`, l.channel)} className="cart-line__img" tabIndex={-1} aria-hidden="true">
                      <ItemThumb imageId={l.imageId} title={l.title} size={72} />
                    </Link>
                    <div className="cart-line__body">
                      <Link to={withChannel(`/p/${l.productId}`, l.channel)} className="cart-line__title">
                        {l.title}
                      </Link>
                      {Object.keys(l.attrs).length > 0 && <span className="sub">{attrsLabel(l.attrs)}</span>}
                      {problem && <span className="cart-line__problem">{problem}</span>}
                      <div className="cart-line__row">
                        <span className="cart-line__price">{f.money(l.unitPrice, l.currency)}</span>
                        {l.available && (
                          <QuantityStepper
                            value={l.quantity}
                            max={Math.max(l.stock, 1)}
                            label={t('orders.cart.quantityOf', { title: l.title })}
                            disabled={busy}
                            onChange={(quantity) => setQty.mutate({ skuId: l.skuId, quantity })}
                          />
                        )}
                      </div>
                      <div className="cart-line__row">
                        <span className="sub">{t('orders.cart.lineTotal', { amount: f.money(l.lineTotal, l.currency) })}</span>
                        <button type="button" className="btn btn--ghost btn--sm" disabled={busy} onClick={() => remove.mutate(l)} aria-label={t('orders.cart.removeOne', { title: l.title })}>
                          {t('orders.cart.remove')}
                        </button>
                      </div>
                    </div>
                  </li>
                );
              })}
            </ul>
            <ShippingFee fee={s.shippingFee} currency={cart.currency} />
            {s.pricing && <CartPricing pricing={s.pricing} currency={cart.currency} shippingFee={s.shippingFee} items={items} onChoose={choose} />}
            {s.undeliveredProductIds.length > 0 && <p className="cart-line__problem">{t('shipping.notDelivered')}</p>}
          </section>
        );
      })}
      <div className="pay-bar">
        <div className="pay-bar__sum" aria-live="polite">
          <span className="muted small">{t('orders.cart.selected', { count })}</span>
          <span className="pay-bar__total">{f.money(total, cart.currency)}</span>
        </div>
        <button
          type="button"
          className="btn btn--primary"
          disabled={chosen.length === 0}
          onClick={() => navigate(`/checkout?skus=${chosen.map((l) => l.skuId).join(',')}`, { state: { discounts: discounted.map((s) => s.pricing!.choice) } })}
        >
          {t('orders.cart.checkout', { count })}
        </button>
      </div>
    </>
  );
}
