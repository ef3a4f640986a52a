// The buyer's gifts (/gifts): Sent (state, how many were claimed, a link to each share page; unpaid ones can be paid)
// and Received (from whom, the order's state, parcels with tracking numbers, "confirm receipt", and after-sales: the
// order page's request dialog without an amount, as the refund goes back to the giver; a link to the request).
import { ParcelLine } from '../components/CarrierParts.tsx';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { AfterSaleStateBadge } from '../components/AfterSaleParts.tsx';
import { GiftStateBadge, OrderStateBadge } from '../components/Badge.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ItemThumb } from '../components/OrderParts.tsx';
import { LoadMore } from '../components/Pager.tsx';
import { Segmented } from '../components/Segmented.tsx';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { attrsLabel } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { CLAIM_TONES, type ReceivedGift, type SentGift } from '../lib/gifts.ts';
import { AfterSaleRequestDialog } from './AfterSaleRequest.tsx';
import { stateLabel } from '../lib/state-labels.ts';

type Tab = 'sent' | 'received';
const receivedKey = ['buyer', 'gifts', 'received'] as const;
const PAGE = 20;

export function MyGifts() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'received' ? 'received' : 'sent';
  return (
    <>
      <h1 className="shop__title">{t('gifts.mine.title')}</h1>
      <div className="seg-scroll">
        <Segmented<Tab>
          label={t('gifts.mine.title')}
          value={tab}
          options={[
            { value: 'sent', label: t('gifts.mine.sent') },
            { value: 'received', label: t('gifts.mine.received') },
          ]}
          onChange={(v) => setParams(v === 'sent' ? {} : { tab: v }, { replace: true })}
        />
      </div>
      {tab === 'sent' ? <SentList /> : <ReceivedList />}
    </>
  );
}

function SentList() {
  const { t } = useTranslation();
  const query = useInfiniteQuery({
    queryKey: ['buyer', 'gifts', 'sent-list'],
    initialPageParam: 0,
    queryFn: ({ pageParam, signal }) => data(client.GET('/api/gifts/sent', { params: { query: { limit: PAGE, offset: pageParam } }, signal })),
    getNextPageParam: (last, all) => {
      const seen = all.reduce((n, p) => n + p.items.length, 0);
      return seen < last.total ? seen : undefined;
    },
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (items.length === 0)
    return (
      <EmptyState
        icon="🎁"
        title={t('gifts.mine.noneSent')}
        action={
          <Link to="/" className="btn btn--primary">
            {t('orders.cart.browse')}
          </Link>
        }
      >
        {t('gifts.mine.noneSentText')}
      </EmptyState>
    );
  return (
    <>
      <ul className="order-cards" aria-label={t('gifts.mine.sent')} data-testid="sent-gifts">
        {items.map((g) => (
          <SentCard key={g.id} g={g} />
        ))}
      </ul>
      <LoadMore query={query} />
    </>
  );
}

/** The product's picture and title in a gift's card, with lines below the title. */
function GiftLine({ imageId, title, children }: { imageId: string | null; title: string; children: ReactNode }) {
  return (
    <>
      <span className="order-card__thumbs">
        <ItemThumb imageId={imageId} title={title} size={56} />
      </span>
      <span className="order-card__text">
        <span className="order-card__title">{title}</span>
        {children}
      </span>
    </>
  );
}

function SentCard({ g }: { g: SentGift }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = g.claims.filter((c) => c.state === 'claimed').map((c) => c.claimantName);
  return (
    <li className="order-card">
      <div className="order-card__head">
        <span className="order-card__store">{stateLabel(t, 'GiftKind', g.kind)}</span>
        <GiftStateBadge state={g.state} />
      </div>
      <Link to={`/gifts/${g.id}`} className="order-card__body" aria-label={t('gifts.mine.openSent', { title: g.title })}>
        <GiftLine imageId={g.imageId} title={g.title}>
          <span className="sub">
            {g.kind === 'single' ? t('gifts.claim.quantity', { count: g.unitQuantity }) : t('gifts.share.claimedOf', { claimed: g.unitsClaimed, units: g.units })} · {f.date(g.createdAt)}
          </span>
          {names.length > 0 && <span className="sub gift-claimed-by">{t('gifts.mine.claimedBy', { names: names.join(', ') })}</span>}
        </GiftLine>
        <span className="order-card__total">{f.money(g.amount, g.currency)}</span>
      </Link>
      {g.state === 'awaiting_payment' && g.paymentId && (
        <div className="order-card__actions">
          <span className="muted small">{t('gifts.mine.unpaid')}</span>
          <Link to={`/pay/${g.paymentId}?return=${encodeURIComponent(`/gifts/${g.id}`)}`} className="btn btn--primary btn--sm">
            {t('orders.detail.pay')}
          </Link>
        </div>
      )}
    </li>
  );
}

function ReceivedList() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: receivedKey, queryFn: ({ signal }) => data(client.GET('/api/gifts/received', { signal })) });
  const [confirming, setConfirming] = useState<ReceivedGift | null>(null);
  const [asking, setAsking] = useState<ReceivedGift | null>(null);
  const qc = useQueryClient();
  const announce = useAnnounce();
  const receive = useMutation({
    mutationFn: (g: ReceivedGift) => data(client.POST('/api/gifts/received/{claimId}/confirm-receipt', { params: { path: { claimId: g.claimId! } } })),
    onSuccess: () => {
      setConfirming(null);
      void qc.invalidateQueries({ queryKey: receivedKey });
      announce(t('orders.detail.done.receive'));
    },
  });
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const items = query.data.items;
  if (items.length === 0)
    return (
      <EmptyState icon="📬" title={t('gifts.mine.noneReceived')}>
        {t('gifts.mine.noneReceivedText')}
      </EmptyState>
    );
  return (
    <>
      <ul className="order-cards" aria-label={t('gifts.mine.received')} data-testid="received-gifts">
        {items.map((g) => (
          <ReceivedCard key={g.claimId ?? g.giftId} g={g} onReceive={() => setConfirming(g)} onAsk={() => setAsking(g)} />
        ))}
      </ul>
      <ConfirmDialog
        open={!!confirming}
        title={t('orders.detail.confirmReceipt')}
        confirmLabel={t('orders.detail.confirmReceipt')}
        busy={receive.isPending}
        error={receive.error}
        onConfirm={() => confirming && receive.mutate(confirming)}
        onClose={() => {
          setConfirming(null);
          receive.reset();
        }}
      >
        {t('orders.detail.receiveText')}
      </ConfirmDialog>
      {asking?.orderId && asking.orderItemId && (
        <AfterSaleRequestDialog
          gift
          // No price, so no currency: a gift's request asks no amount.
          order={{ id: asking.orderId, currency: '' }}
          item={{ id: asking.orderItemId, title: asking.title, attrs: asking.attrs, quantity: asking.unitQuantity }}
          types={asking.afterSaleTypes}
          refunded={0}
          onClose={() => setAsking(null)}
        />
      )}
    </>
  );
}

function ReceivedCard({ g, onReceive, onAsk }: { g: ReceivedGift; onReceive: () => void; onAsk: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  // Exchange is not offered for a gift (its variant picker shows prices).
  const canAsk = !!g.orderItemId && g.afterSaleTypes.some((ty) => ty !== 'exchange');
  return (
    <li className="order-card">
      <div className="order-card__head">
        <span className="order-card__store">{t('gifts.mine.from', { name: g.giverName })}</span>
        {g.orderState ? <OrderStateBadge state={g.orderState} /> : <span className={`badge badge--${CLAIM_TONES[g.state]}`}>{stateLabel(t, 'ReceivedGiftState', g.state)}</span>}
      </div>
      <div className="order-card__body">
        <GiftLine imageId={g.imageId} title={g.title}>
          <span className="sub">
            {[attrsLabel(g.attrs), g.unitQuantity > 1 ? t('gifts.claim.quantity', { count: g.unitQuantity }) : ''].filter(Boolean).join(' · ')}
          </span>
          {g.message && <span className="sub gift-quote">“{g.message}”</span>}
        </GiftLine>
      </div>
      {g.shipments.length > 0 && (
        <ul className="gift-parcels" aria-label={t('orders.detail.shipments')}>
          {g.shipments.map((s, i) => (
            <li key={i}>
              <strong>{t('orders.detail.parcel', { n: i + 1 })}</strong> · <ParcelLine parcel={s} /> <span className="muted small">{f.dateTime(s.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {g.orderState === 'awaiting_receipt' && g.claimId && (
        <div className="order-card__actions">
          <span className="muted small">{t('gifts.mine.onTheWay')}</span>
          <button type="button" className="btn btn--primary btn--sm" onClick={onReceive}>
            {t('orders.detail.confirmReceipt')}
          </button>
        </div>
      )}
      {(g.afterSale || canAsk) && (
        <div className="order-card__actions item-as">
          {g.afterSale && (
            <Link to={`/after-sales/${g.afterSale.id}`} className="item-as__link" aria-label={t('aftersales.order.open', { type: t(`aftersales.type.${g.afterSale.type}`), state: t(`aftersales.state.${g.afterSale.state}`) })}>
              {t(`aftersales.type.${g.afterSale.type}`)} <AfterSaleStateBadge state={g.afterSale.state} />
            </Link>
          )}
          {canAsk && (
            <button type="button" className="btn btn--sm" onClick={onAsk} aria-label={t('aftersales.order.askOne', { title: g.title })}>
              {t('aftersales.order.ask')}
            </button>
          )}
        </div>
      )}
      {(g.state === 'won' || g.state === 'unclaimed') && g.sharePath && (
        <div className="order-card__actions">
          <span className="muted small">
            {g.state === 'won' ? t('gifts.mine.wonText') : t('gifts.mine.freeText')}
            {g.expiresAt && <> · {t('gifts.claim.acceptBy', { when: f.dateTime(g.expiresAt) })}</>}
          </span>
          <Link to={g.sharePath} className="btn btn--primary btn--sm">
            {t('gifts.claim.accept')}
          </Link>
        </div>
      )}
    </li>
  );
}
