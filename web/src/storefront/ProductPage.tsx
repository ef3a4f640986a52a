// A product page: large image, description, and a SKU picker (one control per attribute) with the chosen SKU's price.
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data, idempotency } from '../lib/api.ts';
import { largeUrl, thumbUrl, useChannel, useDisplayCurrency, useVia, viaQuery, withChannel, type StorefrontProduct } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { useSession } from '../auth/session.tsx';
import { RichText } from '../components/RichText.tsx';
import { cartKey, useIdempotencyKey } from '../lib/orders.ts';
import { QuantityStepper } from './Cart.tsx';
import { SkuPicker, useSkuChoice } from './SkuPicker.tsx';
import { CouponStrip } from './CouponStrip.tsx';
import { GiftButton } from './GiftButton.tsx';
import { ApproxPrice } from './ApproxPrice.tsx';

export function ProductPage() {
  const { productId = '' } = useParams();
  const channel = useChannel();
  const display = useDisplayCurrency();
  const query = useQuery({
    queryKey: ['storefront', 'product', productId, channel, display],
    queryFn: ({ signal }) => data(client.GET('/api/storefront/products/{productId}', { params: { path: { productId }, query: { channel, display } }, signal })),
  });
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  return <ProductDetail key={query.data.id} p={query.data} />;
}

function ProductDetail({ p }: { p: StorefrontProduct }) {
  const { t } = useTranslation();
  const f = useFormat();
  const channel = useChannel();
  const { user } = useSession();
  const [image, setImage] = useState(p.imageIds[0]);
  const choice = useSkuChoice(p.attributes, p.skus);
  const sku = choice.sku;
  const prices = p.skus.length ? p.skus.map((s) => s.price) : [0];
  const low = Math.min(...prices);
  const high = Math.max(...prices);
  const cheapest = p.skus.find((s) => s.price === low);

  return (
    <article className="product" aria-labelledby="product-title">
      <div className="product__media">
        {image ? <img className="product__img" src={largeUrl(image)} alt={p.title} width="720" height="720" /> : <div className="product__img product__img--none" aria-hidden="true">{Array.from(p.title)[0]}</div>}
        {p.imageIds.length > 1 && (
          <ul className="product__thumbs" aria-label={t('catalog.shop.images')}>
            {p.imageIds.map((id, i) => (
              <li key={id}>
                <button type="button" className="product__thumb" aria-pressed={id === image} aria-label={t('catalog.shop.imageN', { n: i + 1 })} onClick={() => setImage(id)}>
                  <img src={thumbUrl(id)} alt="" width="56" height="56" />
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="product__info">
        <h1 id="product-title" className="product__title">
          {p.title}
        </h1>
        <p className="product__price" aria-live="polite" data-testid="sku-price">
          {sku ? f.money(sku.price, p.currency) : low === high ? f.money(low, p.currency) : `${f.money(low, p.currency)} – ${f.money(high, p.currency)}`}
        </p>
        <ApproxPrice approx={sku ? sku.approx : low === high ? cheapest?.approx : null} />
        {sku && !sku.available && <p className="product__soldout">{t('catalog.shop.soldOut')}</p>}
        <SkuPicker attributes={p.attributes} choice={choice} />
        {sku && sku.available && <p className="muted small">{t('catalog.shop.inStock', { count: sku.stock })}</p>}
        <CouponStrip storeId={p.storeId} productId={p.id} />
        <BuyBox productId={p.id} sku={sku} />
        <GiftButton productId={p.id} skuId={sku?.id} />
        {p.description && (
          <section className="product__desc" aria-labelledby="desc-h">
            <h2 id="desc-h">{t('catalog.shop.description')}</h2>
            <RichText source={p.description} />
          </section>
        )}
        <p className="product__store">
          <span className="product__store-name">{t('catalog.shop.soldBy', { name: p.storeName })}</span>{' '}
          <Link to={withChannel(`/s/${p.storeId}`, channel)}>{t('catalog.shop.visitStore')}</Link>
          {channel !== 'store' && <span className="tag">{stateLabel(t, 'Channel', channel)}</span>}
        </p>
        {user?.role === 'operator' && (
          <p>
            <Link className="btn btn--sm btn--danger-outline" to={`/operator/products/find?q=${p.id}`}>
              {t('catalog.enforce.title')}
            </Link>
          </p>
        )}
      </div>
    </article>
  );
}

/** Quantity, "Add to cart" and "Buy now" for the chosen SKU. Someone not signed in goes to sign in and comes back. */
function BuyBox({ productId, sku }: { productId: string; sku: StorefrontProduct['skus'][number] | undefined }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const channel = useChannel();
  const via = useVia();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const idem = useIdempotencyKey();
  const [qty, setQty] = useState(1);
  const max = sku?.available ? sku.stock : 0;
  const quantity = Math.min(qty, Math.max(max, 1));
  const add = useMutation({
    mutationFn: () => {
      const body = { skuId: sku!.id, quantity, channel, ...(via.via ? { miniSiteAppId: via.via } : {}), ...(via.media ? { mediaId: via.media } : {}) };
      return data(client.POST('/api/cart/lines', { body, headers: idempotency(idem.keyFor(body)) }));
    },
    onSuccess: (cart) => {
      idem.done();
      qc.setQueryData(cartKey, cart);
      announce(t('orders.cart.added', { count: quantity }));
    },
  });
  const canBuy = !!sku?.available && max > 0;
  const notBuyer = !!user && user.role !== 'buyer';
  function needBuyer() {
    if (user) return false;
    navigate(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`);
    return true;
  }
  return (
    <div className="buybox">
      {canBuy && !notBuyer && (
        <div className="buybox__qty">
          <span className="buybox__label" id="qty-label">
            {t('orders.cart.quantity')}
          </span>
          <QuantityStepper value={quantity} max={max} label={t('orders.cart.quantity')} onChange={setQty} />
        </div>
      )}
      <ProblemAlert error={add.error} />
      <div className="buybox__buttons">
        <button
          type="button"
          className="btn buybox__cart"
          disabled={!canBuy || notBuyer || add.isPending}
          onClick={() => {
            if (!needBuyer()) add.mutate();
          }}
        >
          {add.isPending ? t('orders.cart.adding') : t('orders.cart.add')}
        </button>
        <button
          type="button"
          className="btn btn--primary"
          disabled={!canBuy || notBuyer}
          onClick={() => {
            if (needBuyer() || !sku) return;
            navigate(`/checkout?product=${productId}&sku=${sku.id}&qty=${quantity}${channel === 'store' ? '' : `&channel=${channel}`}${viaQuery(via)}`);
          }}
        >
          {t('orders.cart.buyNow')}
        </button>
      </div>
      {!user && <p className="muted small">{t('orders.cart.signInToBuy')}</p>}
      {notBuyer && <p className="muted small">{t('orders.cart.buyersOnly')}</p>}
      {add.isSuccess && (
        <p className="small">
          <Link to="/cart">{t('orders.cart.goToCart')}</Link>
        </p>
      )}
    </div>
  );
}
