// The store's home, atop its first tab: today's paid orders and GMV, and what waits for the store, each count a link
// to the list filtered to it. Only what the member's role may open is shown.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { can } from '../lib/permissions.ts';
import type { StoreDetail } from '../lib/types.ts';

type Todo = { key: string; label: string; value: string; count: number; to: string };

export function StoreDashboard({ store }: { store: StoreDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const query = useQuery({
    queryKey: ['merchant', 'dashboard', store.id],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/dashboard', { params: { path: { storeId: store.id } }, signal })),
    refetchInterval: 60_000,
  });
  if (!can(store, 'orders.read')) return null;
  const base = `/merchant/stores/${store.id}`;
  return (
    <section className="card dashboard" aria-labelledby="dashboard-h">
      <h2 id="dashboard-h">{t('dashboard.title')}</h2>
      <QueryBoundary query={query}>
        {(d) => {
          const todos: Todo[] = [
            can(store, 'orders.read') && { key: 'toShip', label: t('dashboard.toShip'), count: d.todo.toShip, value: f.number(d.todo.toShip), to: `${base}/orders?state=awaiting_shipment` },
            can(store, 'aftersales.read') && { key: 'afterSales', label: t('dashboard.afterSalesWaiting'), count: d.todo.afterSalesWaiting, value: f.number(d.todo.afterSalesWaiting), to: `${base}/after-sales?state=merchant_processing` },
            can(store, 'catalog.read') && { key: 'reviewFailed', label: t('dashboard.reviewFailed'), count: d.todo.reviewFailed, value: f.number(d.todo.reviewFailed), to: `${base}/products?draftState=review_failed` },
            can(store, 'catalog.read') && { key: 'lowStock', label: t('dashboard.lowStock', { count: d.lowStockThreshold }), count: d.todo.lowStockSkus, value: f.number(d.todo.lowStockSkus), to: `${base}/products?lowStock=${d.lowStockThreshold}` },
            can(store, 'finance.read') && { key: 'deposit', label: t('dashboard.depositOwed'), count: d.todo.depositOwed, value: f.money(d.todo.depositOwed, d.currency), to: `${base}/deposit` },
          ].filter((x): x is Todo => !!x);
          return (
            <>
              <h3 className="dashboard__head">
                {t('dashboard.today')} <span className="muted small">{t('dashboard.todaySince', { time: f.dateTime(d.today.since) })}</span>
              </h3>
              <div className="stats">
                <Link to={`${base}/orders`} className="stat stat--link" data-testid="dash-paid">
                  <span className="stat__label">{t('dashboard.paidOrders')}</span>
                  <span className="stat__value">{f.number(d.today.paidOrders)}</span>
                </Link>
                <div className="stat" data-testid="dash-gmv">
                  <span className="stat__label">{t('dashboard.gmv')}</span>
                  <span className="stat__value">{f.money(d.today.gmv, d.currency)}</span>
                </div>
              </div>
              <h3 className="dashboard__head">{t('dashboard.todo')}</h3>
              {todos.every((x) => x.count === 0) && <p className="muted">{t('dashboard.nothingToDo')}</p>}
              <div className="stats">
                {todos.map((x) => (
                  <Link key={x.key} to={x.to} className={`stat stat--link${x.count > 0 ? ' stat--warning' : ''}`} data-testid={`dash-${x.key}`} aria-label={`${x.label}: ${x.value}. ${t('dashboard.open', { name: x.label })}`}>
                    <span className="stat__label">{x.label}</span>
                    <span className="stat__value">{x.value}</span>
                  </Link>
                ))}
              </div>
            </>
          );
        }}
      </QueryBoundary>
    </section>
  );
}
