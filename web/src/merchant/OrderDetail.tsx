// One order of the store: buyer and address, items with their own state, parcels, amounts, settlement, timeline.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { OrderStateBadge } from '../components/Badge.tsx';
import { AddressLines, OrderAmounts, OrderDates, OrderItemList, OrderTimeline, ShipmentList } from '../components/OrderParts.tsx';
import { ProblemAlert, QueryBoundary, problemHeading } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { useFormat } from '../lib/format.ts';
import type { OrderDetail } from '../lib/orders.ts';
import { client, data } from '../lib/api.ts';
import { canDo, shortId } from '../lib/orders.ts';
import { OrderActionDialog, type OrderAction } from './OrderActions.tsx';
import { useStoreContext } from './StorePage.tsx';
import { OrderGiftCard, useOrderDecoration } from './GiftPrint.tsx';
import { AfterSaleStateBadge } from '../components/AfterSaleParts.tsx';
import { can } from '../lib/permissions.ts';
import { useDecorationNames } from '../lib/gifts.ts';

export function MerchantOrderDetail() {
  const { store } = useStoreContext();
  const { orderId = '' } = useParams();
  const { t } = useTranslation();
  const decorationNames = useDecorationNames();
  const [dialog, setDialog] = useState<OrderAction | null>(null);
  const query = useQuery({
    queryKey: ['merchant', 'order', store.id, orderId],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/orders/{orderId}', { params: { path: { storeId: store.id, orderId } }, signal })),
  });
  const deco = useOrderDecoration(store.id, query.data);
  return (
    <QueryBoundary query={query}>
      {(o) => (
        <>
          <div className="section-head order-head">
            <div>
              <Link to={`/merchant/stores/${store.id}/orders`} className="back-link">
                ← {t('orders.merchant.title')}
              </Link>
              <h2 className="order-head__title">
                {t('orders.list.number', { no: shortId(o.id) })} <OrderStateBadge state={o.state} />
              </h2>
              <p className="muted small">{t(`orders.merchant.next.${o.state}`)}</p>
            </div>
            <div className="btn-row">
              {canDo(o, 'ship') && can(store, 'orders.ship') && (
                <button type="button" className="btn btn--primary" onClick={() => setDialog('ship')}>
                  {t('orders.merchant.shipAction')}
                </button>
              )}
              {canDo(o, 'lower_price') && can(store, 'prices.write') && (
                <button type="button" className="btn" onClick={() => setDialog('price')}>
                  {t('orders.merchant.lowerAction')}
                </button>
              )}
            </div>
          </div>
          {o.shippingFeeRefundState === 'failed' && <FeeRefundFailed storeId={store.id} order={o} canRetry={can(store, 'aftersales.handle')} />}
          <div className="overview">
            <section className="card" aria-labelledby="mo-items-h">
              <h3 id="mo-items-h">{t('orders.detail.items')}</h3>
              <OrderItemList
                order={o}
                showState
                extra={(it) => [
                  ...o.afterSales
                    .filter((a) => a.orderItemId === it.id)
                    .map((a) => (
                      <Link key={a.id} to={`/merchant/stores/${store.id}/after-sales/${a.id}`} className="item-as__link">
                        {t(`aftersales.type.${a.type}`)} <AfterSaleStateBadge state={a.state} />
                      </Link>
                    )),
                  ...(it.hasCustomFile ? [<CustomFileButton key="custom-file" storeId={store.id} orderId={o.id} itemId={it.id} />] : []),
                ]}
              />
              <OrderAmounts order={o} />
            </section>
            <section className="card" aria-labelledby="mo-buyer-h">
              <h3 id="mo-buyer-h">{t('orders.merchant.buyerAndAddress')}</h3>
              {o.buyerName && <p className="order-buyer">{o.buyerName}</p>}
              <AddressLines address={o.address} />
              {o.note && <p className="sub">{t('orders.detail.note', { note: o.note })}</p>}
              <p className="sub">
                {t('orders.merchant.channel', { channel: t(`catalog.channel.${o.channel}`) })}
                {o.miniSite && <> · {t('buy.viaMiniSite', { name: o.miniSite.name })}</>}
                {o.shopName && <> · {t('gifts.order.shop', { name: o.shopName })}</>}
              </p>
            </section>
            {o.gift?.card && (
              <section className="card gift-order" aria-labelledby="mo-gift-h">
                <div className="card__head">
                  <h3 id="mo-gift-h">{t('gifts.order.title')}</h3>
                  <Link to={`/merchant/stores/${store.id}/orders/${o.id}/card`} className="btn btn--sm" target="_blank" rel="noopener">
                    {t('gifts.order.print')}
                  </Link>
                </div>
                <p className="muted small">{t('gifts.order.text')}</p>
                <dl className="facts facts--compact">
                  <div>
                    <dt>{t('gifts.order.giver')}</dt>
                    <dd>{o.gift.card.giverName}</dd>
                  </div>
                  <div>
                    <dt>{t('gifts.order.receiver')}</dt>
                    <dd>{o.gift.card.receiverName || o.buyerName || '—'}</dd>
                  </div>
                  <div>
                    <dt>{t('gifts.order.design')}</dt>
                    <dd>{o.gift.card.cardName && o.gift.card.cardId ? decorationNames.card({ id: o.gift.card.cardId, name: o.gift.card.cardName }) : t('gifts.order.noDesign')}</dd>
                  </div>
                </dl>
                <OrderGiftCard order={o} decoration={deco.data} size="sm" />
              </section>
            )}
            <section className="card" aria-labelledby="mo-ship-h">
              <h3 id="mo-ship-h">{t('orders.detail.shipments')}</h3>
              <ShipmentList order={o} />
            </section>
            <section className="card" aria-labelledby="mo-tl-h">
              <h3 id="mo-tl-h">{t('orders.detail.timeline')}</h3>
              <OrderTimeline order={o} />
              <OrderDates order={o} />
            </section>
          </div>
          <OrderActionDialog storeId={store.id} order={dialog ? o : null} action={dialog ?? 'ship'} onClose={() => setDialog(null)} />
        </>
      )}
    </QueryBoundary>
  );
}

/** The buyer's customisation file of an item: asks for a short-lived link, then opens it (a download). */
function CustomFileButton({ storeId, orderId, itemId }: { storeId: string; orderId: string; itemId: string }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  async function open() {
    setBusy(true);
    try {
      const link = await data(client.GET('/api/merchant/stores/{storeId}/orders/{orderId}/items/{itemId}/custom-file', { params: { path: { storeId, orderId, itemId } } }));
      window.location.assign(link.url);
    } catch (err) {
      announce(problemHeading(t, err), 'error');
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className="btn btn--sm" onClick={open} disabled={busy}>
      {busy ? t('buy.customFileOpening') : t('buy.customFileOpen')}
    </button>
  );
}

/** The payment provider refused the shipping fee's refund: said plainly, with a way to send it again. */
function FeeRefundFailed({ storeId, order, canRetry }: { storeId: string; order: OrderDetail; canRetry: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const retry = useMutation({
    mutationFn: () => data(client.POST('/api/merchant/stores/{storeId}/orders/{orderId}/retry-shipping-fee-refund', { params: { path: { storeId, orderId: order.id } } })),
    onSuccess: (o) => {
      qc.setQueryData(['merchant', 'order', storeId, order.id], o);
      announce(t('shipping.feeRefundFailed.done'));
    },
  });
  return (
    <div className="alert alert--warning" role="alert" data-testid="fee-refund-failed">
      <p className="alert__title">{t('shipping.feeRefundFailed.title', { amount: f.money(order.shippingFee, order.currency) })}</p>
      <p className="alert__detail">{t('shipping.feeRefundFailed.text')}</p>
      <ProblemAlert error={retry.error} />
      {canRetry && (
        <button type="button" className="btn btn--sm" disabled={retry.isPending} onClick={() => retry.mutate()}>
          {retry.isPending ? t('shipping.feeRefundFailed.retrying') : t('shipping.feeRefundFailed.retry')}
        </button>
      )}
    </div>
  );
}
