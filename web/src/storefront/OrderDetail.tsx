// One of the buyer's orders: what to do next (pay, change the address, cancel, confirm receipt), items, parcels,
// delivery address and the timeline of what happened.
import { FollowButton } from '../components/FollowButton.tsx';
import { JoinMembership } from '../components/JoinMembership.tsx';
import { useCallback, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BuyAgainButton } from './BuyAgain.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { OrderStateBadge } from '../components/Badge.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { AddressLines, OrderAmounts, OrderDates, OrderItemList, OrderTimeline, ShipmentList } from '../components/OrderParts.tsx';
import { ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { canDo, shortId, type OrderDetail as Order, type OrderDetailItem } from '../lib/orders.ts';
import { AddressBook } from './AddressBook.tsx';
import { AfterSaleRequestDialog } from './AfterSaleRequest.tsx';
import { AfterSaleStateBadge } from '../components/AfterSaleParts.tsx';
import { attrsLabel } from '../lib/catalog.ts';

type Action = 'cancel' | 'receive' | 'address';

export function OrderDetail() {
  const { orderId = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = ['buyer', 'order', orderId];
  const path = { params: { path: { orderId } } };
  // Opened from a brand's mini-site (/orders/<id>?via=<appId>&store=<storeId>): the server answers only an order placed
  // through that mini-site, of that store, and mine (each refusal shown as its problem).
  const [params] = useSearchParams();
  const via = params.get('via');
  const viaStore = params.get('store');
  const query = useQuery({
    queryKey: via ? [...key, via, viaStore] : key,
    queryFn: ({ signal }) =>
      via
        ? data(client.GET('/api/mini-site/orders/{orderId}', { params: { path: { orderId }, query: { appId: via, storeId: viaStore ?? '' } }, signal }))
        : data(client.GET('/api/orders/{orderId}', { ...path, signal })),
  });
  const [open, setOpen] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [addressId, setAddressIdState] = useState<string | null>(null);
  const setAddressId = useCallback((id: string | null) => setAddressIdState(id), []);
  const [asking, setAsking] = useState<OrderDetailItem | null>(null);

  const act = useMutation({
    mutationFn: (a: Action): Promise<Order> =>
      a === 'cancel'
        ? data(client.POST('/api/orders/{orderId}/cancel', { ...path, body: reason.trim() ? { reason: reason.trim() } : {} }))
        : a === 'receive'
          ? data(client.POST('/api/orders/{orderId}/confirm-receipt', path))
          : data(client.PUT('/api/orders/{orderId}/address', { ...path, body: { addressId: addressId! } })),
    onSuccess: (o, a) => {
      qc.setQueryData(key, o);
      void qc.invalidateQueries({ queryKey: ['buyer', 'orders'] });
      setOpen(null);
      announce(t(`orders.detail.done.${a}`));
    },
  });
  const close = () => {
    setOpen(null);
    act.reset();
  };

  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const o = query.data;

  return (
    <article className="order-page" aria-labelledby="order-h">
      <nav className="btn-row btn-row--between">
        <Link to="/orders" className="back-link">
          ← {t('orders.list.title')}
        </Link>
        <Link to="/after-sales" className="back-link">
          {t('aftersales.mine.title')} →
        </Link>
      </nav>
      <header className="order-page__head">
        <h1 id="order-h" className="shop__title">
          {o.storeName}
        </h1>
        <OrderStateBadge state={o.state} />
      </header>
      <p className="muted small">
        {t('orders.list.number', { no: shortId(o.id) })} · {f.dateTime(o.createdAt)}
        {o.miniSite && <> · {t('buy.viaMiniSite', { name: o.miniSite.name })}</>}
      </p>
      <section className={`next-step next-step--${o.state}`} aria-live="polite">
        <p className="next-step__text">
          {t(`orders.detail.next.${o.state}`, {
            deadline: f.dateTime(o.state === 'awaiting_payment' ? o.payDeadline : (o.receiveDeadline ?? o.createdAt)),
            settle: o.settleAt ? f.dateTime(o.settleAt) : '',
          })}
        </p>
        {o.cancelReason && <p className="sub">{t('orders.detail.cancelReason', { reason: o.cancelReason })}</p>}
        <div className="btn-row">
          {canDo(o, 'pay') && o.paymentId && (
            <Link to={`/pay/${o.paymentId}?return=${encodeURIComponent(`/orders/${o.id}`)}`} className="btn btn--primary">
              {t('orders.detail.payAmount', { amount: f.money(o.total, o.currency) })}
            </Link>
          )}
          {canDo(o, 'confirm_receipt') && (
            <button type="button" className="btn btn--primary" onClick={() => setOpen('receive')}>
              {t('orders.detail.confirmReceipt')}
            </button>
          )}
          {canDo(o, 'change_address') && (
            <button type="button" className="btn" onClick={() => setOpen('address')}>
              {t('orders.detail.changeAddress')}
            </button>
          )}
          {canDo(o, 'cancel') && (
            <button type="button" className="btn btn--danger-outline" onClick={() => setOpen('cancel')}>
              {t('orders.detail.cancel')}
            </button>
          )}
        </div>
      </section>

      {o.paidAt && !o.gift && <p><BuyAgainButton orderId={o.id} /></p>}
      {o.paidAt && !o.gift && <JoinMembership storeId={o.storeId} storeName={o.storeName} via={{ source: 'after_purchase', orderId: o.id }} />}
      {(o.paidAt || o.gift) && (
        <FollowButton storeId={o.storeId} storeName={o.storeName} source={o.gift ? 'after_gift_claim' : 'after_purchase'} orderId={o.id}
          pitch={t(o.gift ? 'service.follow.afterGift' : 'service.follow.afterPurchase', { store: o.storeName })} />
      )}
      <p>
        <Link to={`/inbox/${o.storeId}?order=${o.id}`} className="btn btn--sm">{t('service.inbox.ask')}</Link>
      </p>
      <section className="card order-page__section" aria-labelledby="addr-h">
        <h2 id="addr-h">{t('orders.detail.address')}</h2>
        <AddressLines address={o.address} />
        {o.note && <p className="sub">{t('orders.detail.note', { note: o.note })}</p>}
      </section>
      <section className="card order-page__section" aria-labelledby="items-h">
        <h2 id="items-h">{t('orders.detail.items')}</h2>
        <OrderItemList order={o} linkProducts showState={o.state !== 'awaiting_payment' && o.state !== 'cancelled'} extra={(it) => <ItemAfterSales order={o} item={it} onAsk={() => setAsking(it)} />} />
        <OrderAmounts order={o} />
      </section>
      {(o.shipments.length > 0 || o.state === 'partly_shipped') && (
        <section className="card order-page__section" aria-labelledby="ship-h">
          <h2 id="ship-h">{t('orders.detail.shipments')}</h2>
          <ShipmentList order={o} />
        </section>
      )}
      <section className="card order-page__section" aria-labelledby="tl-h">
        <h2 id="tl-h">{t('orders.detail.timeline')}</h2>
        <OrderTimeline order={o} />
        <OrderDates order={o} />
      </section>

      {asking && <AfterSaleRequestDialog order={o} item={asking} types={asking.afterSale.types} refundable={asking.afterSale.refundable} onClose={() => setAsking(null)} />}
      <ConfirmDialog
        open={open === 'receive'}
        title={t('orders.detail.confirmReceipt')}
        confirmLabel={t('orders.detail.confirmReceipt')}
        busy={act.isPending}
        error={act.error}
        onConfirm={() => act.mutate('receive')}
        onClose={close}
      >
        {t('orders.detail.receiveText')}
      </ConfirmDialog>
      <ConfirmDialog open={open === 'cancel'} title={t('orders.detail.cancel')} confirmLabel={t('orders.detail.cancel')} danger busy={act.isPending} error={act.error} onConfirm={() => act.mutate('cancel')} onClose={close}>
        <p>{t('orders.detail.cancelText')}</p>
        <Field label={t('orders.detail.cancelReasonLabel')} optional optionalText={t('common.optional')}>
          {(p) => <input {...p} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      </ConfirmDialog>
      <Dialog open={open === 'address'} title={t('orders.detail.changeAddress')} onClose={close}>
        <p className="muted small">{t('orders.detail.addressText')}</p>
        {open === 'address' && <AddressBook value={addressId} onChange={setAddressId} legend={t('orders.checkout.deliverTo')} />}
        <ProblemAlert error={act.error} />
        <div className="btn-row dialog__actions">
          <button type="button" className="btn btn--primary" disabled={!addressId || act.isPending} onClick={() => act.mutate('address')}>
            {act.isPending ? t('common.saving') : t('orders.detail.useAddress')}
          </button>
          <button type="button" className="btn btn--ghost" onClick={close}>
            {t('common.cancel')}
          </button>
        </div>
      </Dialog>
    </article>
  );
}

/** An item's after-sales: its requests (state, link), what came back, and the button to ask when the server says it may. */
function ItemAfterSales({ order, item, onAsk }: { order: Order; item: OrderDetailItem; onAsk: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const all = order.afterSales.filter((a) => a.orderItemId === item.id);
  const { types } = item.afterSale;
  const refunded = item.refundedAmount;
  if (all.length === 0 && types.length === 0) return null;
  return (
    <div className="item-as">
      {all.map((a) => (
        <Link key={a.id} to={`/after-sales/${a.id}`} className="item-as__link" aria-label={t('aftersales.order.open', { type: t(`aftersales.type.${a.type}`), state: t(`aftersales.state.${a.state}`) })}>
          {t(`aftersales.type.${a.type}`)} <AfterSaleStateBadge state={a.state} />
        </Link>
      ))}
      {refunded > 0 && <span className="sub" data-testid="item-refunded">{t('aftersales.order.refunded', { amount: f.money(refunded, order.currency) })}</span>}
      {types.length > 0 && (
        <button type="button" className="btn btn--sm" onClick={onAsk} aria-label={t('aftersales.order.askOne', { title: Object.keys(item.attrs).length ? `${item.title} (${attrsLabel(item.attrs)})` : item.title })}>
          {t('aftersales.order.ask')}
        </button>
      )}
    </div>
  );
}
