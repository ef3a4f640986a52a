// A merchant's store: status and what can be done with it, then tabs for overview, deposit, API keys and staff.
import { Suspense, useState } from 'react';
import { NavLink, Outlet, useOutletContext, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { StoreStatusBadge } from '../components/Badge.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data, type RequestBody } from '../lib/api.ts';
import { STORE_STATUSES, type StoreDetail } from '../lib/types.ts';
import { can } from '../lib/permissions.ts';
import { storeKey, useEndpoints, useStore } from './queries.ts';
import { useWaitingCount } from './AfterSales.tsx';
import { EntityClaimCard } from './EntityClaimCard.tsx';

type Event = RequestBody<'/api/merchant/stores/{storeId}/status', 'post'>['event'];
const EVENT_FOR: Partial<Record<StoreDetail['status'], Event>> = { opening: 'cancel', open: 'request_close', closing: 'reopen' };

export function useStoreContext() {
  return useOutletContext<{ store: StoreDetail }>();
}

export function StorePage() {
  const { storeId = '' } = useParams();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const query = useStore(storeId);
  const [confirm, setConfirm] = useState<Event | null>(null);
  const change = useMutation({
    mutationFn: (event: Event) => data(client.POST('/api/merchant/stores/{storeId}/status', { params: { path: { storeId } }, body: { event } })),
    onSuccess: (s) => {
      setConfirm(null);
      // The answer is the store without the caller's permissions and the low-stock setting: those have not changed.
      qc.setQueryData<StoreDetail>(storeKey(storeId), (old) => (old ? { ...s, me: old.me, lowStockThreshold: old.lowStockThreshold } : undefined));
      void qc.invalidateQueries({ queryKey: ['merchant'] });
      announce(t('merchant.store.statusChanged', { status: t(`status.store.${s.status}`) }));
    },
  });

  // Only the platform may take back a closure it started: the store says who started it.
  const closingByOperator = query.data?.status === 'closing' && query.data.closingBy === 'operator';
  const waiting = useWaitingCount(storeId);

  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const store = query.data;
  // Closing (or cancelling) the store is the owner's; other roles do not see the button.
  const event = closingByOperator || !can(store, 'store.close') ? undefined : EVENT_FOR[store.status];
  const base = `/merchant/stores/${store.id}`;

  return (
    <>
      <PageHeader
        back={{ to: '/merchant', label: t('merchant.nav.stores') }}
        title={store.name}
        subtitle={`${t(`storeType.${store.storeType}`)} · ${store.legalEntity.name}`}
        actions={
          event && (
            <button type="button" className={`btn ${event === 'reopen' ? 'btn--primary' : 'btn--danger-outline'}`} onClick={() => setConfirm(event)}>
              {t(`merchant.store.event.${event}`)}
            </button>
          )
        }
      />
      <section className="card status-card" aria-label={t('merchant.store.status')}>
        <h2 id="status-h" className="status-card__head">
          {t('merchant.store.status')} <StoreStatusBadge status={store.status} />
        </h2>
        <ol className="lifecycle" aria-label={t('merchant.store.lifecycle')}>
          {STORE_STATUSES.map((s, i) => {
            const cur = STORE_STATUSES.indexOf(store.status);
            return (
              <li key={s} className={`lifecycle__step${i < cur ? ' is-past' : ''}${i === cur ? ' is-current' : ''}`} aria-current={i === cur ? 'step' : undefined}>
                <span className="lifecycle__dot" aria-hidden="true" />
                {t(`status.store.${s}`)}
              </li>
            );
          })}
        </ol>
        <p className="status-card__text">{closingByOperator ? t('merchant.store.statusText.closingByOperator') : t(`merchant.store.statusText.${store.status}`)}</p>
      </section>
      <EntityClaimCard store={store} />
      <nav className="tabs" aria-label={t('merchant.store.sections')}>
        <NavLink to={base} end className="tabs__link">
          {t('merchant.store.tabs.overview')}
        </NavLink>
        {can(store, 'catalog.read') && (
          <NavLink to={`${base}/products`} className="tabs__link">
            {t('catalog.merchant.tab')}
          </NavLink>
        )}
        {can(store, 'catalog.read') && (
          <NavLink to={`${base}/shipping`} className="tabs__link">
            {t('shipping.title')}
          </NavLink>
        )}
        {can(store, 'orders.read') && (
          <NavLink to={`${base}/orders`} className="tabs__link">
            {t('orders.merchant.tab')}
          </NavLink>
        )}
        {can(store, 'aftersales.read') && (
          <NavLink to={`${base}/after-sales`} className="tabs__link" aria-label={waiting ? t('aftersales.merchant.tabCount', { count: waiting }) : undefined}>
            {t('aftersales.merchant.tab')}
            {!!waiting && <span className="tabs__badge" aria-hidden="true">{waiting}</span>}
          </NavLink>
        )}
        {can(store, 'gifts.read') && (
          <NavLink to={`${base}/gifts`} className="tabs__link">
            {t('gifts.store.tab')}
          </NavLink>
        )}
        {can(store, 'gifts.read') && (
          <NavLink to={`${base}/gift-shops`} className="tabs__link">
            {t('gifts.shops.tab')}
          </NavLink>
        )}
        {can(store, 'marketing.read') && (
          <NavLink to={`${base}/coupons`} className="tabs__link">
            {t('coupons.console.tab')}
          </NavLink>
        )}
        <NavLink to={`${base}/mini-sites`} className="tabs__link">
          {t('miniSites.store.tab')}
        </NavLink>
        {can(store, 'minisites.manage') && (
          <NavLink to={`${base}/gift-activities`} className="tabs__link">
            {t('coopGifts.tab')}
          </NavLink>
        )}
        {can(store, 'marketing.read') && (
          <NavLink to={`${base}/membership`} className="tabs__link">
            {t('membership.merchant.tab')}
          </NavLink>
        )}
        {can(store, 'service.read') && (
          <NavLink to={`${base}/service`} className="tabs__link">
            {t('service.console.tab')}
          </NavLink>
        )}
        {can(store, 'orders.read') && (
          <NavLink to={`${base}/analytics`} className="tabs__link">
            {t('analytics.nav')}
          </NavLink>
        )}
        {can(store, 'finance.read') && (
          <NavLink to={`${base}/balance`} className="tabs__link">
            {t('orders.balance.tab')}
          </NavLink>
        )}
        {can(store, 'finance.read') && (
          <NavLink to={`${base}/deposit`} className="tabs__link">
            {t('merchant.store.tabs.deposit')}
          </NavLink>
        )}
        {can(store, 'webhooks.manage') && <WebhooksTab storeId={store.id} to={`${base}/webhooks`} />}
        {can(store, 'api_keys.manage') && (
          <NavLink to={`${base}/api-keys`} className="tabs__link">
            {t('merchant.store.tabs.apiKeys')}
          </NavLink>
        )}
        <NavLink to={`${base}/staff`} className="tabs__link">
          {t('merchant.store.tabs.staff')}
        </NavLink>
      </nav>
      <Suspense fallback={<Loading />}>
        <Outlet context={{ store }} />
      </Suspense>
      <ConfirmDialog
        open={!!confirm}
        title={confirm ? t(`merchant.store.event.${confirm}`) : ''}
        confirmLabel={confirm ? t(`merchant.store.event.${confirm}`) : ''}
        danger={confirm !== 'reopen'}
        busy={change.isPending}
        error={change.error}
        onConfirm={() => confirm && change.mutate(confirm)}
        onClose={() => {
          setConfirm(null);
          change.reset();
        }}
      >
        {confirm && t(`merchant.store.confirm.${confirm}`, { name: store.name })}
      </ConfirmDialog>
      {change.error != null && !confirm && <ProblemAlert error={change.error} />}
    </>
  );
}

/** The webhooks tab, with a badge while an endpoint is disabled for failing (the merchant's notice outside the page). */
function WebhooksTab({ storeId, to }: { storeId: string; to: string }) {
  const { t } = useTranslation();
  const failing = (useEndpoints(storeId).data?.items ?? []).filter((e) => e.disabledReason === 'failing').length;
  return (
    <NavLink to={to} className="tabs__link" aria-label={failing ? t('webhooks.tabFailing', { count: failing }) : undefined}>
      {t('webhooks.tab')}
      {!!failing && <span className="tabs__badge" aria-hidden="true" data-testid="webhooks-failing-badge">{failing}</span>}
    </NavLink>
  );
}
