// The buyer asks for after-sales on one item of an order: refund only, return and refund, or exchange; how many
// units, how much back (prefilled with what may be refunded), the SKU wanted instead, the reason, details and photos.
// A received gift's recipient asks from "my gifts" with no amount and no price: the refund is the whole share of the
// quantity, back to the giver's payment (no exchange either: its variant picker shows prices).
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EvidencePhotos, useAmountInput } from '../components/AfterSaleParts.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { ImageUploadField } from '../merchant/ImageUpload.tsx';
import type { AfterSaleType } from '../lib/aftersales.ts';
import { ApiError, client, data, idempotency } from '../lib/api.ts';
import { attrsLabel, type ProductView } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { useIdempotencyKey, type OrderDetail, type OrderItem } from '../lib/orders.ts';
import { QuantityStepper } from './Cart.tsx';
import { SkuPicker, useSkuChoice } from './SkuPicker.tsx';

const MAX_PHOTOS = 9;
const major = (minor: number) => (minor / 100).toFixed(2);

/** The item asked about: an order's line (with what it paid), or a received gift's (`gift`: no price). */
export type AskItem = Pick<OrderItem, 'id' | 'title' | 'attrs' | 'quantity'> & Partial<Pick<OrderItem, 'productId' | 'skuId' | 'amount' | 'discount'>>;
type AskProps = {
  order: Pick<OrderDetail, 'id' | 'currency'>; item: AskItem | null; types: AfterSaleType[];
  /** What may be asked back for 1, 2, … units, as the server answers it (an order item's afterSale.refundable); none for a gift. */
  refundable?: number[];
  /** @deprecated Not read: the server answers what may be asked back (refundable). */
  refunded?: number;
  gift?: boolean; onClose: () => void;
};

export function AfterSaleRequestDialog({ order, item, types, refundable = [], gift = false, onClose }: AskProps) {
  const { t } = useTranslation();
  const offered = gift ? types.filter((ty) => ty !== 'exchange') : types;
  return (
    <Dialog open={!!item} title={item ? t('aftersales.ask.title', { title: item.title }) : ''} onClose={onClose} wide>
      {item && offered.length > 0 && <RequestForm key={item.id} order={order} item={item} types={offered} refundable={refundable} gift={gift} onClose={onClose} />}
    </Dialog>
  );
}

function ExchangeSku({ productId, exclude, onChange }: { productId: string; exclude: string; onChange: (skuId: string | null) => void }) {
  const { t } = useTranslation();
  const product = useQuery({ queryKey: ['storefront', 'product', productId, 'store'], queryFn: ({ signal }) => data(client.GET('/api/storefront/products/{productId}', { params: { path: { productId } }, signal })) });
  if (product.isPending) return <Loading />;
  if (product.error || !product.data) return <ErrorState error={product.error} onRetry={() => product.refetch()} />;
  const others = product.data.skus.filter((s) => s.id !== exclude);
  if (others.length === 0) return <p className="alert alert--warning">{t('aftersales.ask.noOtherSku')}</p>;
  return <ExchangeChoice product={product.data} exclude={exclude} onChange={onChange} />;
}

function ExchangeChoice({ product, exclude, onChange }: { product: ProductView; exclude: string; onChange: (skuId: string | null) => void }) {
  const { t } = useTranslation();
  const skus = product.skus.map((s) => ({ ...s, available: s.available && s.id !== exclude }));
  const choice = useSkuChoice(product.attributes, skus);
  const [last, setLast] = useState<string | null | undefined>(undefined);
  const id = choice.sku && choice.sku.available ? choice.sku.id : null;
  if (id !== last) {
    setLast(id);
    onChange(id);
  }
  return (
    <div className="as-exchange" role="group" aria-label={t('aftersales.ask.exchangeSku')}>
      <p className="as-label">{t('aftersales.ask.exchangeSku')}</p>
      <SkuPicker attributes={product.attributes} choice={choice} />
      {choice.sku && <p className="sub">{t('aftersales.ask.exchangeFor', { attrs: attrsLabel(choice.sku.attrs) })}</p>}
    </div>
  );
}

function RequestForm({ order, item, types, refundable, gift, onClose }: Omit<AskProps, 'item' | 'refundable'> & { item: AskItem; refundable: number[]; gift: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const idem = useIdempotencyKey();
  const [type, setType] = useState<AfterSaleType>(types[0]);
  // The units that may still be asked for: all of a gift's; of an order's item, as many as the server has amounts for.
  const units = gift ? item.quantity : Math.max(1, refundable.length);
  const [quantity, setQuantityState] = useState(units);
  const paid = { amount: item.amount ?? 0, discount: item.discount ?? 0 };
  const refundableFor = (n: number) => refundable[n - 1] ?? 0;
  const max = refundableFor(quantity);
  const amount = useAmountInput(major(max), max, order.currency);
  const setQuantity = (n: number) => {
    setQuantityState(n);
    amount.setText(major(refundableFor(n)));
  };
  const [reason, setReason] = useState('');
  const [detail, setDetail] = useState('');
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [exchangeSkuId, setExchangeSkuId] = useState<string | null>(null);
  // A gift's recipient asks no amount: the whole share of the quantity goes back to the giver.
  const money = type !== 'exchange' && !gift;
  const create = useMutation({
    mutationFn: () => {
      const body = {
        orderItemId: item.id, type, quantity, reason: reason.trim(),
        ...(money && amount.value !== null ? { amount: amount.value } : {}),
        ...(detail.trim() ? { detail: detail.trim() } : {}),
        ...(photoIds.length ? { photoIds } : {}),
        ...(type === 'exchange' && exchangeSkuId ? { exchangeSkuId } : {}),
      };
      return data(client.POST('/api/orders/{orderId}/after-sales', { params: { path: { orderId: order.id } }, body, headers: idempotency(idem.keyFor(body)) }));
    },
    onSuccess: (r) => {
      idem.done();
      qc.setQueryData(['buyer', 'after-sale', r.id], r);
      void qc.invalidateQueries({ queryKey: ['buyer', 'order', order.id] });
      void qc.invalidateQueries({ queryKey: ['buyer', 'after-sales'] });
      if (gift) void qc.invalidateQueries({ queryKey: ['buyer', 'gifts', 'received'] });
      announce(t('aftersales.ask.done'));
      onClose();
      navigate(`/after-sales/${r.id}`);
    },
  });
  const fe = (field: string) => (create.error instanceof ApiError ? create.error.fieldError(field) : undefined);
  const blocked = (money && !!amount.problem) || (type === 'exchange' && !exchangeSkuId);
  function submit(e: FormEvent) {
    e.preventDefault();
    amount.setTouched(true);
    if (!blocked) create.mutate();
  }
  return (
    <form className="form" onSubmit={submit} noValidate={money}>
      <p className="muted small">
        {item.title}
        {Object.keys(item.attrs).length > 0 && ` · ${attrsLabel(item.attrs)}`} ·{' '}
        {gift ? t('gifts.claim.quantity', { count: item.quantity }) : t('aftersales.ask.paid', { amount: f.money(paid.amount - paid.discount, order.currency), units: item.quantity })}
      </p>
      <ProblemAlert error={create.error} />
      <fieldset className="choice-cards choice-cards--three">
        <legend>{t('aftersales.ask.type')}</legend>
        {types.map((ty) => (
          <label key={ty} className={`choice-card${type === ty ? ' choice-card--checked' : ''}`}>
            <input type="radio" name="as-type" value={ty} checked={type === ty} onChange={() => setType(ty)} />
            <span className="choice-card__title">{t(`aftersales.type.${ty}`)}</span>
            <span className="choice-card__text">{t(`aftersales.typeHint.${ty}`)}</span>
          </label>
        ))}
        {types.length === 1 && <p className="field__hint">{t('aftersales.ask.onlyRefund')}</p>}
      </fieldset>
      {units > 1 && (
        <div className="field">
          <span className="as-label">{t('aftersales.ask.quantity')}</span>
          <QuantityStepper value={quantity} max={units} label={t('aftersales.ask.quantity')} onChange={setQuantity} />
        </div>
      )}
      {gift ? (
        <p className="alert alert--info" data-testid="gift-refund-note">
          {t('aftersales.ask.giftRefund')}
        </p>
      ) : money ? (
        <Field label={t('aftersales.ask.amount')} hint={t('aftersales.ask.amountHint', { max: f.money(max, order.currency) })} error={amount.shown ?? fe('amount')}>
          {(p) => <input {...p} inputMode="decimal" autoComplete="off" required value={amount.text} onChange={(e) => amount.setText(e.target.value)} onBlur={() => amount.setTouched(true)} />}
        </Field>
      ) : (
        item.productId && item.skuId && <ExchangeSku productId={item.productId} exclude={item.skuId} onChange={setExchangeSkuId} />
      )}
      <Field label={t('aftersales.ask.reason')} error={fe('reason')}>
        {(p) => <input {...p} required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <Field label={t('aftersales.ask.detail')} optional optionalText={t('common.optional')} error={fe('detail')}>
        {(p) => <textarea {...p} maxLength={1000} rows={3} value={detail} onChange={(e) => setDetail(e.target.value)} />}
      </Field>
      <ImageUploadField
        url="/api/after-sales/photos"
        label={t('aftersales.ask.photos')}
        hint={t('aftersales.ask.photosHint', { max: MAX_PHOTOS })}
        disabled={photoIds.length >= MAX_PHOTOS}
        onUploaded={(id) => setPhotoIds((ids) => [...ids, id])}
      />
      <EvidencePhotos ids={photoIds} onRemove={(id) => setPhotoIds((ids) => ids.filter((x) => x !== id))} />
      <FormActions busy={create.isPending} label={t('aftersales.ask.submit')} onCancel={onClose} />
    </form>
  );
}
