// Sending a product as a gift (/gift/new?product=ID[&sku=ID][&shop=ID]): SKU, one recipient (with a quantity) or a
// group (first come or lottery, with a number of units), a message of at most 100 characters, who it is for, a
// greeting card of the merchant's designs with stickers placed on it; then the normal payment page, and after
// paying the gift's share page. No address: the recipient enters their own.
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n/index.ts';
import { Field } from '../components/Field.tsx';
import { GiftCard, glyphMap } from '../components/GiftCard.tsx';
import { ItemThumb } from '../components/OrderParts.tsx';
import { EmptyState, ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { useSession } from '../auth/session.tsx';
import { ApiError, client, data, idempotency } from '../lib/api.ts';
import { type ProductView } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { GIFT_KINDS, MESSAGE_MAX, STICKERS_MAX, messageLength, useDecorationNames, useGiftOptions, type GiftKind, type GiftOptions, type PlacedSticker, type NotGiftableReason, type PublicGiftShop, type Sticker } from '../lib/gifts.ts';
import { useIdempotencyKey } from '../lib/orders.ts';
import { QuantityStepper } from './Cart.tsx';
import { CartPricing, type StoreChoice } from './CartPricing.tsx';
import { SkuPicker, useSkuChoice } from './SkuPicker.tsx';
import { stateLabel } from '../lib/state-labels.ts';

const UNITS_MAX = 1000;

export function SendGift() {
  const [params] = useSearchParams();
  const productId = params.get('product') ?? '';
  const shopId = params.get('shop');
  const product = useQuery({
    queryKey: ['storefront', 'product', productId, 'store'],
    enabled: !!productId,
    queryFn: ({ signal }) => data(client.GET('/api/storefront/products/{productId}', { params: { path: { productId } }, signal })),
  });
  const options = useGiftOptions(productId);
  const shop = useQuery({
    queryKey: ['gift-shop', shopId],
    enabled: !!shopId,
    queryFn: ({ signal }) => data(client.GET('/api/gift-shops/{shopId}', { params: { path: { shopId: shopId! } }, signal })),
  });
  if (!productId) return <NotGiftable />;
  if (product.isPending || options.isPending || (!!shopId && shop.isPending)) return <Loading />;
  const error = product.error ?? options.error ?? shop.error;
  if (error || !product.data || !options.data)
    return (
      <ErrorState
        error={error}
        onRetry={() => {
          void product.refetch();
          void options.refetch();
        }}
      />
    );
  if (!options.data.giftable) return <NotGiftable productId={productId} reason={options.data.reason} />;
  return <SendForm key={productId} p={product.data} o={options.data} shop={shop.data ?? null} initialSku={params.get('sku')} />;
}

function NotGiftable({ productId, reason }: { productId?: string; reason?: NotGiftableReason | null }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon="🎁"
      title={t('gifts.send.notGiftableTitle')}
      action={
        <Link to={productId ? `/p/${productId}` : '/'} className="btn">
          {productId ? t('gifts.send.backToProduct') : t('orders.cart.browse')}
        </Link>
      }
    >
      {reason ? stateLabel(t, 'NotGiftableReason', reason) : null}
    </EmptyState>
  );
}

/** The local date-time text a datetime-local input takes: "2026-05-03T18:30". */
function localInput(d: Date) {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function SendForm({ p, o, shop, initialSku }: { p: ProductView; o: GiftOptions; shop: PublicGiftShop | null; initialSku: string | null }) {
  const [search] = useSearchParams();
  const via = /^ms_[0-9a-f]{16}$/.test(search.get('via') ?? '') ? search.get('via') : null;
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const idem = useIdempotencyKey();
  const names = useDecorationNames();
  const deco = o.decoration;
  // The storefront's SKUs, available only when the gift options allow them too.
  const giftSkus = useMemo(() => {
    const byId = new Map(o.skus.map((s) => [s.id, s]));
    return p.skus.map((s) => {
      const g = byId.get(s.id);
      return { ...s, price: g?.price ?? s.price, stock: g?.stock ?? s.stock, available: !!g?.giftable && s.available && (g?.stock ?? 0) > 0 };
    });
  }, [p.skus, o.skus]);
  const choice = useSkuChoice(p.attributes, giftSkus, initialSku);
  const sku = choice.sku;
  const [kind, setKind] = useState<GiftKind>('single');
  const [quantity, setQuantity] = useState(1);
  const [units, setUnits] = useState(2);
  const [deadline, setDeadline] = useState(() => localInput(new Date(Date.now() + 12 * 3600_000)));
  const [message, setMessage] = useState('');
  const [receiverName, setReceiverName] = useState('');
  const [cardId, setCardId] = useState<string | null>(deco.cards[0]?.id ?? null);
  const [stickers, setStickers] = useState<PlacedSticker[]>([]);
  const [brush, setBrush] = useState<Sticker | null>(deco.stickers[0] ?? null);
  const [formError, setFormError] = useState('');
  const glyphs = useMemo(() => glyphMap(deco.stickers), [deco.stickers]);
  const card = deco.cards.find((c) => c.id === cardId) ?? null;

  const stock = sku?.available ? sku.stock : 0;
  const count = kind === 'single' ? Math.min(quantity, Math.max(stock, 1)) : Math.min(units, Math.max(stock, 2), UNITS_MAX);
  // Member price, coupons and points priced by the server as the cart prices a store order: the best choice, or the giver's own.
  const [own, setOwn] = useState<StoreChoice | null>(null);
  const channel = via && !shop ? 'mini_site' : 'store';
  const priced = useQuery({
    queryKey: ['gift-pricing', sku?.id, count, channel, own],
    enabled: !!sku?.available,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => {
      const choice = own ? { storeCouponId: own.storeCouponId, productCoupons: own.productCoupons, points: own.points } : undefined;
      return data(client.POST('/api/gifts/pricing', { body: { skuId: sku!.id, quantity: count, channel, ...(choice ? { choice } : {}) }, signal }));
    },
  });
  // Only an answer for this SKU and count prices the gift (another one shows while the new one loads).
  const gp = priced.data && sku && priced.data.skuId === sku.id && priced.data.quantity === count ? priced.data : null;
  const pricing = gp?.pricing ?? null;
  const total = gp ? gp.total : sku ? sku.price * count : 0;
  const tooLong = messageLength(message) > MESSAGE_MAX;

  const send = useMutation({
    mutationFn: () => {
      const body = {
        skuId: sku!.id,
        kind,
        ...(kind === 'single' ? { quantity: count } : { units: count }),
        ...(kind === 'lottery' && deadline ? { joinDeadline: new Date(deadline).toISOString() } : {}),
        message: message.trim(),
        ...(receiverName.trim() ? { receiverName: receiverName.trim() } : {}),
        ...(cardId ? { cardId } : {}),
        stickers,
        ...(shop ? { shopId: shop.id } : {}),
        // Opened from a mini-site's component (?via=<app id>): the gift and its order carry the mini-site.
        ...(via && !shop ? { via } : {}),
        // The card is printed in the language the giver writes it in: the one of the app now.
        cardLanguage: currentLang(),
        // The coupons and points priced on this screen (member prices apply without them).
        ...(pricing ? { discount: { storeCouponId: pricing.choice.storeCouponId, productCoupons: pricing.choice.productCoupons, points: pricing.choice.points } } : {}),
      };
      return data(client.POST('/api/gifts', { body, headers: idempotency(idem.keyFor(body)) }));
    },
    onSuccess: (r) => {
      idem.done();
      void qc.invalidateQueries({ queryKey: ['buyer', 'gifts'] });
      const share = `/gifts/${r.gift.id}`;
      navigate(r.paymentId ? `/pay/${r.paymentId}?return=${encodeURIComponent(share)}` : share, { replace: true });
    },
  });
  const fe = (field: string) => (send.error instanceof ApiError ? send.error.fieldError(field) : undefined);

  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError('');
    if (!sku || !sku.available) return setFormError(t('gifts.send.chooseSku'));
    if (tooLong) return setFormError(t('gifts.send.messageTooLong', { max: MESSAGE_MAX }));
    if (kind !== 'single' && stock < 2) return setFormError(t('gifts.send.groupNoStock'));
    if (kind === 'lottery' && deadline && new Date(deadline).getTime() <= Date.now()) return setFormError(t('gifts.send.deadlinePast'));
    send.mutate();
  }

  return (
    <form className="gift-send" onSubmit={submit} aria-labelledby="gift-send-h">
      <h1 id="gift-send-h" className="shop__title">
        {t('gifts.send.title')}
      </h1>
      {shop && (
        <p className="notice gift-send__shop">
          <span aria-hidden="true">📍</span> {t('gifts.send.atShop', { shop: shop.name })}
        </p>
      )}
      <section className="card checkout__section" aria-labelledby="gift-product-h">
        <h2 id="gift-product-h" className="visually-hidden">
          {t('gifts.send.product')}
        </h2>
        <div className="order-item">
          <ItemThumb imageId={p.imageIds[0] ?? null} title={p.title} />
          <div className="order-item__body">
            <Link to={`/p/${p.id}`} className="order-item__title">
              {p.title}
            </Link>
            <span className="sub" data-testid="gift-sku-price">
              {sku ? f.money(sku.price, p.currency) : '—'}
            </span>
            {pricing && pricing.lines[0] && pricing.lines[0].memberBy !== 'list' && (
              <span className="sub" data-testid="gift-member-price">
                {t(`pricing.lines.${pricing.lines[0].memberBy}`)} {f.money(pricing.lines[0].memberUnitPrice, p.currency)}
              </span>
            )}
          </div>
        </div>
        <SkuPicker attributes={p.attributes} choice={choice} />
        {sku && !sku.available && <p className="product__soldout">{t('gifts.send.skuNotGiftable')}</p>}
      </section>

      <section className="card checkout__section" aria-labelledby="gift-kind-h">
        <h2 id="gift-kind-h">{t('gifts.send.howTitle')}</h2>
        <fieldset className="choice-cards gift-kinds">
          <legend className="visually-hidden">{t('gifts.send.howTitle')}</legend>
          {GIFT_KINDS.map((k) => (
            <label key={k} className={`choice-card${kind === k ? ' choice-card--checked' : ''}`}>
              <input type="radio" name="gift-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span className="choice-card__title">{stateLabel(t, 'GiftKind', k)}</span>
              <span className="choice-card__text">{t(`gifts.send.kindText.${k}`)}</span>
            </label>
          ))}
        </fieldset>
        {kind === 'single' ? (
          <div className="buybox__qty">
            <span className="buybox__label">{t('orders.cart.quantity')}</span>
            <QuantityStepper value={count} max={stock} label={t('orders.cart.quantity')} onChange={setQuantity} />
          </div>
        ) : (
          <>
            <div className="buybox__qty">
              <span className="buybox__label">{t('gifts.send.units')}</span>
              <QuantityStepper value={count} min={2} max={Math.min(stock, UNITS_MAX)} label={t('gifts.send.units')} onChange={setUnits} />
            </div>
            <p className="muted small">{t(`gifts.send.unitsHint.${kind}`, { count })}</p>
            {kind === 'lottery' && (
              <Field label={t('gifts.send.joinDeadline')} hint={t('gifts.send.joinDeadlineHint')} error={fe('joinDeadline')}>
                {(props) => <input {...props} type="datetime-local" value={deadline} min={localInput(new Date())} onChange={(e) => setDeadline(e.target.value)} />}
              </Field>
            )}
          </>
        )}
      </section>

      <section className="card checkout__section" aria-labelledby="gift-card-h">
        <h2 id="gift-card-h">{t('gifts.send.cardTitle')}</h2>
        <Field label={t('gifts.send.receiverName')} optional optionalText={t('common.optional')} error={fe('receiverName')}>
          {(props) => <input {...props} maxLength={40} value={receiverName} onChange={(e) => setReceiverName(e.target.value)} />}
        </Field>
        <Field
          label={t('gifts.send.message')}
          hint={
            <span className={`gift-counter${tooLong ? ' gift-counter--over' : ''}`} aria-live="polite" data-testid="message-counter">
              {t('gifts.send.counter', { n: messageLength(message), max: MESSAGE_MAX })}
            </span>
          }
          error={tooLong ? t('gifts.send.messageTooLong', { max: MESSAGE_MAX }) : fe('message')}
        >
          {(props) => <textarea {...props} rows={3} value={message} placeholder={t('gifts.send.messagePh')} onChange={(e) => setMessage(e.target.value)} />}
        </Field>
        {deco.cards.length > 0 && (
          <fieldset className="gift-designs">
            <legend>{t('gifts.send.design')}</legend>
            <div className="gift-designs__list">
              {deco.cards.map((c) => (
                <label key={c.id} className={`gift-design${cardId === c.id ? ' gift-design--checked' : ''}`}>
                  <input type="radio" name="gift-card" value={c.id} checked={cardId === c.id} onChange={() => setCardId(c.id)} />
                  <span className="gift-design__swatch" style={{ background: c.background, borderColor: c.accent }} aria-hidden="true" />
                  <span>{names.card(c)}</span>
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {deco.stickers.length > 0 && (
          <div className="gift-stickers">
            <p className="gift-stickers__label" id="sticker-h">
              {t('gifts.send.stickers', { n: stickers.length, max: STICKERS_MAX })}
            </p>
            <div className="gift-stickers__palette" role="group" aria-labelledby="sticker-h">
              {deco.stickers.map((s) => (
                <button key={s.id} type="button" className="gift-stickers__pick" aria-pressed={brush?.id === s.id} aria-label={names.sticker(s)} title={names.sticker(s)} onClick={() => setBrush(brush?.id === s.id ? null : s)}>
                  <span aria-hidden="true">{s.glyph}</span>
                </button>
              ))}
              {stickers.length > 0 && (
                <button type="button" className="btn btn--ghost btn--sm" onClick={() => setStickers([])}>
                  {t('gifts.send.clearStickers')}
                </button>
              )}
            </div>
            <p className="muted small">{stickers.length >= STICKERS_MAX ? t('gifts.send.stickersFull') : t('gifts.send.stickersHint')}</p>
          </div>
        )}
        <GiftCard
          design={card}
          message={message}
          giverName={user?.displayName}
          receiverName={receiverName.trim() || null}
          stickers={stickers}
          glyphs={glyphs}
          editing={{ brush, onChange: setStickers, max: STICKERS_MAX }}
        />
      </section>

      {pricing && sku && (
        <section className="card checkout__section" aria-labelledby="gift-discount-h">
          <h2 id="gift-discount-h">{t('gifts.send.discountTitle')}</h2>
          <CartPricing pricing={pricing} currency={p.currency} shippingFee={0} items={{ [sku.id]: { title: p.title, productId: p.id } }} onChoose={setOwn} />
        </section>
      )}
      {priced.error && <ProblemAlert error={priced.error} />}

      {formError && (
        <p className="alert alert--error" role="alert">
          {formError}
        </p>
      )}
      <ProblemAlert error={send.error} />
      <div className="pay-bar">
        <div className="pay-bar__sum">
          <span className="muted small">{kind === 'single' ? t('gifts.send.totalSingle', { count }) : t('gifts.send.totalUnits', { count })}</span>
          <span className="pay-bar__total" data-testid="gift-total">
            {f.money(total, p.currency)}
          </span>
        </div>
        <button type="submit" className="btn btn--primary" disabled={send.isPending || !sku?.available || priced.isFetching}>
          {send.isPending ? t('gifts.send.sending') : t('gifts.send.pay')}
        </button>
      </div>
      <p className="muted small gift-send__note">{t('gifts.send.note')}</p>
    </form>
  );
}
