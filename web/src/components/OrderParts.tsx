// Pieces of an order shown to the buyer and to the merchant alike: items, amounts, address, shipments, timeline.
import type { ReactNode } from 'react';
import { PriceLines } from './PriceLines.tsx';
import { itemPriceLines } from '../lib/pricing-view.ts';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { attrsLabel, thumbUrl } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { FactList } from './StoreFacts.tsx';
import { useCarrierName } from '../lib/carriers.ts';
import { ParcelLine } from './CarrierParts.tsx';
import type { AddressInput, OrderDetail, OrderEventRow, OrderItem, OrderSummary } from '../lib/orders.ts';

const ITEM_TONES: Record<string, string> = { awaiting_payment: '', awaiting_shipment: 'info', shipped: 'accent', received: 'success', cancelled: '', closed: 'danger' };

/** A product's picture or, without one, its first letter. */
export function ItemThumb({ imageId, title, size = 56 }: { imageId: string | null; title: string; size?: number }) {
  return imageId ? (
    <img className="item-thumb" src={thumbUrl(imageId)} alt="" width={size} height={size} loading="lazy" />
  ) : (
    <span className="item-thumb item-thumb--none" style={{ width: size, height: size }} aria-hidden="true">
      {Array.from(title)[0]}
    </span>
  );
}

/** The items of an order; `linkProducts` links titles to the storefront, `showState` adds each item's own state. */
/** The items of an order; `extra` shows more under each (it gets the order's own items: a detail's carry what may be asked). */
export function OrderItemList<I extends OrderItem>({ order, linkProducts, showState, extra }: { order: Pick<OrderSummary, 'currency'> & { items: I[] }; linkProducts?: boolean; showState?: boolean; extra?: (item: I) => ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <ul className="order-items">
      {order.items.map((it) => (
        <li key={it.id} className="order-item">
          <ItemThumb imageId={it.imageId} title={it.title} />
          <div className="order-item__body">
            <span className="order-item__title">{linkProducts ? <Link to={`/p/${it.productId}`}>{it.title}</Link> : it.title}</span>
            {Object.keys(it.attrs).length > 0 && <span className="sub">{attrsLabel(it.attrs)}</span>}
            <span className="sub">
              {f.money(it.unitPrice, order.currency)} × {it.quantity}
            </span>
            {(showState || it.refundState !== 'none') && (
              <span className="order-item__tags">
                {showState && <span className={`tag${ITEM_TONES[it.state] ? ` tag--${ITEM_TONES[it.state]}` : ''}`}>{t(`orders.itemState.${it.state}`)}</span>}
                {it.refundState !== 'none' && <span className="tag tag--danger">{t(`orders.refundState.${it.refundState}`)}</span>}
              </span>
            )}
            {it.priced && (
              <PriceLines
                label={t('pricing.itemBreakdown', { title: it.title })}
                currency={order.currency}
                lines={itemPriceLines({
                  listAmount: it.amount, memberBy: it.priced.memberUnitPrice === null ? 'list' : 'member_price', memberAmount: it.amount - it.priced.memberDiscount,
                  productCouponDiscount: it.priced.productCouponDiscount, storeCouponDiscount: it.priced.storeCouponDiscount,
                  pointsDiscount: it.priced.pointsDiscount, pointsSpent: it.priced.pointsSpent, paid: it.amount - it.discount,
                })}
              />
            )}
            {extra?.(it)}
          </div>
          <span className="order-item__amount">{f.money(it.amount, order.currency)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Items total, what the merchant took off, and what is paid. */
/** A store order's shipping fee line ("Free" at 0); nothing while it is not known yet. */
export function ShippingFee({ fee, currency }: { fee: number | undefined; currency: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (fee === undefined) return null;
  return (
    <p className="checkout__subtotal">
      {t('shipping.fee')} <strong>{fee > 0 ? f.money(fee, currency) : t('shipping.free')}</strong>
    </p>
  );
}

/** Where the shipping fee's refund is, in a few words (nothing when there is none). */
function feeRefundNote(t: (k: string) => string, order: Partial<Pick<OrderDetail, 'shippingFeeRefunded' | 'shippingFeeRefundState'>>) {
  if (!order.shippingFeeRefunded) return null;
  switch (order.shippingFeeRefundState) {
    case 'failed': return t('orders.event.shipping_fee_refund_failed');
    case 'pending':
    case 'processing': return t('shipping.feeRefundPending');
    default: return t('shipping.feeRefunded');
  }
}

export function OrderAmounts({ order }: { order: OrderSummary & Partial<Pick<OrderDetail, 'shippingFeeRefunded' | 'shippingFeeRefundState'>> }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <dl className="amounts">
      <div>
        <dt>{t('orders.amounts.items')}</dt>
        <dd>{f.money(order.itemsTotal, order.currency)}</dd>
      </div>
      {order.discount > 0 && (
        <div>
          <dt>{t('orders.amounts.discount')}</dt>
          <dd>−{f.money(order.discount, order.currency)}</dd>
        </div>
      )}
      <div>
        <dt>{t('shipping.fee')}</dt>
        <dd>
          {order.shippingFee > 0 ? f.money(order.shippingFee, order.currency) : t('shipping.free')}
          {order.shippingFeeRefunded && <span className="sub"> · {feeRefundNote(t, order)}</span>}
        </dd>
      </div>
      <div className="amounts__total">
        <dt>{order.paidAt ? t('orders.amounts.paid') : t('orders.amounts.toPay')}</dt>
        <dd>{f.money(order.total, order.currency)}</dd>
      </div>
    </dl>
  );
}

export function AddressLines({ address }: { address: Omit<AddressInput, 'postalCode'> & { postalCode?: string | null } }) {
  return (
    <address className="address">
      <span className="address__who">
        {address.name} · {address.phone}
      </span>
      <span>
        {address.region} {address.line}
        {address.postalCode ? ` · ${address.postalCode}` : ''}
      </span>
    </address>
  );
}

/** The parcels sent so far, each with its carrier, tracking number and items. */
export function ShipmentList({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (order.shipments.length === 0) return <p className="muted">{t('orders.detail.noShipments')}</p>;
  const titles = new Map(order.items.map((i) => [i.id, `${i.title}${Object.keys(i.attrs).length ? ` (${attrsLabel(i.attrs)})` : ''} × ${i.quantity}`]));
  return (
    <ol className="shipments">
      {order.shipments.map((s, n) => (
        <li key={s.id} className="shipment">
          <p className="shipment__head">
            <strong>{t('orders.detail.parcel', { n: n + 1 })}</strong> · <ParcelLine parcel={s} />
          </p>
          <p className="sub">{f.dateTime(s.createdAt)}</p>
          <ul className="shipment__items">
            {s.itemIds.map((id) => (
              <li key={id}>{titles.get(id) ?? id}</li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function EventDetail({ row, currency }: { row: OrderEventRow; currency: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const carrier = useCarrierName();
  const d = row.detail;
  if (d == null) return null;
  const parts: string[] = [];
  if (d.carrier) parts.push(`${carrier(d)} ${d.trackingNo ?? ''}`.trim());
  if (row.event === 'price_lowered' && d.to !== undefined) parts.push(d.from !== undefined ? `${f.money(d.from, currency)} → ${f.money(d.to, currency)}` : f.money(d.to, currency));
  if ((row.event === 'paid' || row.event === 'refunded') && d.amount !== undefined) parts.push(f.money(d.amount, currency));
  if (row.event === 'settled' && d.net !== undefined) parts.push(t('orders.detail.settledNet', { net: f.money(d.net, currency), commission: f.money(d.commission ?? 0, currency) }));
  if (d.reason) parts.push(d.reason);
  if (parts.length === 0) return null;
  return <p className="timeline__meta">{parts.join(' · ')}</p>;
}

const isPartShipment = (e: OrderEventRow) => e.event === 'shipped' && e.detail?.complete === false;

/** What happened to the order, oldest first, with who did it. */
export function OrderTimeline({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (order.events.length === 0) return <p className="muted">{t('orders.detail.noEvents')}</p>;
  return (
    <ol className="timeline">
      {order.events.map((e, i) => (
        <li key={i} className={`timeline__item timeline__item--${e.event}`}>
          <span className="timeline__dot" aria-hidden="true" />
          <div>
            <p className="timeline__title">{isPartShipment(e) ? t('orders.detail.shippedPart') : t(`orders.event.${e.event}`, { defaultValue: e.event })}</p>
            <EventDetail row={e} currency={order.currency} />
            <p className="timeline__meta muted">
              <time dateTime={e.at}>{f.dateTime(e.at)}</time> · {t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The dates that matter for an order, those that happened or are due. */
export function OrderDates({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows: [string, string][] = [[t('orders.dates.created'), f.dateTime(order.createdAt)]];
  if (order.state === 'awaiting_payment') rows.push([t('orders.dates.payDeadline'), f.dateTime(order.payDeadline)]);
  if (order.paidAt) rows.push([t('orders.dates.paid'), f.dateTime(order.paidAt)]);
  if (order.shippedAt) rows.push([t('orders.dates.shipped'), f.dateTime(order.shippedAt)]);
  if (order.receivedAt) rows.push([t('orders.dates.received'), f.dateTime(order.receivedAt)]);
  else if (order.receiveDeadline && order.state === 'awaiting_receipt') rows.push([t('orders.dates.autoReceipt'), f.dateTime(order.receiveDeadline)]);
  if (order.settledAt) rows.push([t('orders.dates.settled'), f.dateTime(order.settledAt)]);
  else if (order.settleAt) rows.push([t('orders.dates.settleAt'), f.dateTime(order.settleAt)]);
  if (order.cancelledAt) rows.push([t('orders.dates.cancelled'), f.dateTime(order.cancelledAt)]);
  return <FactList rows={rows} />;
}
