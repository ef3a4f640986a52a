// The store's products: filters by live and draft state and by words, low stock highlighted; bulk price change; channels.
// What the member's role may not do is not offered (the reason is said instead).
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SearchFilter, SelectFilter } from '../components/Filters.tsx';
import { Pager } from '../components/Pager.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useCategoryIndex } from '../lib/categories.ts';
import { DRAFT_STATES, LIVE_STATES, productRights, type DraftState, type LiveState, type MerchantProductRow } from '../lib/catalog.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { useFormat } from '../lib/format.ts';
import { useStoreContext } from './StorePage.tsx';
import { BulkPrice } from './BulkPrice.tsx';
import { Channels } from './Channels.tsx';
import { DraftBadge, LiveBadge } from './ProductBadges.tsx';
import { toggled } from '../lib/sets.ts';

const PAGE = 30;

export function Products() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const rights = productRights(store);
  const { index } = useCategoryIndex();
  // The filters are in the address (?liveState=, ?draftState=, ?lowStock=n), so the store's home links to them.
  const [params, setParams] = useSearchParams();
  const pick = <T extends string>(name: string, values: readonly T[]) => (values as readonly string[]).includes(params.get(name) ?? '') ? (params.get(name) as T) : '';
  const live = pick<LiveState>('liveState', LIVE_STATES);
  const draft = pick<DraftState>('draftState', DRAFT_STATES);
  const lowRaw = Number(params.get('lowStock') ?? NaN);
  const lowStock = Number.isInteger(lowRaw) && lowRaw >= 0 ? lowRaw : undefined;
  const setParam = (name: string, value: string) => {
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    }, { replace: true });
  };
  const setLive = (v: LiveState | '') => setParam('liveState', v);
  const setDraft = (v: DraftState | '') => setParam('draftState', v);
  const [text, setText] = useState('');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const q = text.trim();
  const query = useQuery({
    queryKey: ['merchant', 'products', store.id, { live, draft, lowStock, q, offset }],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      data(client.GET('/api/merchant/stores/{storeId}/products', {
        params: { path: { storeId: store.id }, query: { limit: PAGE, offset, liveState: live || undefined, draftState: draft || undefined, lowStock, q: q || undefined } },
        signal,
      })),
  });
  const filtered = !!(live || draft || q || lowStock !== undefined);
  const toggle = (id: string) => setSelected((s) => toggled(s, id));
  const range = (r: MerchantProductRow) => (r.minPrice == null ? '—' : r.minPrice === r.maxPrice ? f.money(r.minPrice, store.currency) : `${f.money(r.minPrice, store.currency)} – ${f.money(r.maxPrice ?? r.minPrice, store.currency)}`);

  return (
    <>
      <section className="card" aria-labelledby="products-h">
        <div className="card__head">
          <h2 id="products-h">{t('catalog.merchant.title')}</h2>
          {rights.write && (
            <Link to={`/merchant/stores/${store.id}/products/new`} className="btn btn--primary">
              {t('catalog.merchant.new')}
            </Link>
          )}
        </div>
        {!rights.write && <p className="muted small">{t('catalog.rights.write')}</p>}
        <div className="filters">
          <SearchFilter
            label={t('catalog.merchant.search')}
            value={text}
            onChange={(v) => {
              setText(v);
              setOffset(0);
            }}
          />
          <SelectFilter<LiveState>
            label={t('catalog.merchant.liveState')}
            value={live}
            options={LIVE_STATES.map((s) => ({ value: s, label: stateLabel(t, 'LiveState', s) }))}
            onChange={(v) => {
              setLive(v);
              setOffset(0);
            }}
          />
          <SelectFilter<DraftState>
            label={t('catalog.merchant.draftState')}
            value={draft}
            options={DRAFT_STATES.map((s) => ({ value: s, label: stateLabel(t, 'DraftState', s) }))}
            onChange={(v) => {
              setDraft(v);
              setOffset(0);
            }}
          />
          <label className="check filters__check">
            <input
              type="checkbox"
              checked={lowStock !== undefined}
              onChange={(e) => {
                setParam('lowStock', e.target.checked ? String(store.lowStockThreshold) : '');
                setOffset(0);
              }}
            />{' '}
            {t('catalog.merchant.lowStockOnly', { count: lowStock ?? store.lowStockThreshold })}
          </label>
          {filtered && (
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => {
                setParams({}, { replace: true });
                setText('');
                setOffset(0);
              }}
            >
              {t('common.clearFilters')}
            </button>
          )}
        </div>
        <QueryBoundary query={query}>
          {(rows) =>
            rows.length === 0 ? (
              <EmptyState
                title={filtered ? t('catalog.merchant.noMatch') : t('catalog.merchant.empty')}
                action={
                  !filtered && rights.write && (
                    <Link to={`/merchant/stores/${store.id}/products/new`} className="btn btn--primary">
                      {t('catalog.merchant.new')}
                    </Link>
                  )
                }
              >
                {!filtered && t('catalog.merchant.emptyText')}
              </EmptyState>
            ) : (
              <>
                <div className="table-wrap">
                  <table className="table table--stack">
                    <thead>
                      <tr>
                        {rights.price && (
                          <th scope="col">
                            <span className="visually-hidden">{t('catalog.merchant.select')}</span>
                          </th>
                        )}
                        <th scope="col">{t('catalog.merchant.product')}</th>
                        <th scope="col">{t('catalog.merchant.category')}</th>
                        <th scope="col">{t('catalog.merchant.liveState')}</th>
                        <th scope="col">{t('catalog.merchant.draftState')}</th>
                        <th scope="col" className="num">
                          {t('catalog.merchant.price')}
                        </th>
                        <th scope="col" className="num">
                          {t('catalog.merchant.stock')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => {
                        const low = r.minStock != null && r.minStock <= store.lowStockThreshold;
                        return (
                          <tr key={r.id} className={low ? 'is-low' : undefined}>
                            {rights.price && (
                              <td className="select-cell">
                                <input type="checkbox" checked={selected.has(r.id)} onChange={() => toggle(r.id)} aria-label={t('catalog.merchant.selectOne', { title: r.title })} />
                              </td>
                            )}
                            <th scope="row">
                              <Link to={`/merchant/stores/${store.id}/products/${r.id}`}>{r.title}</Link>
                            </th>
                            <td data-label={t('catalog.merchant.category')}>{f.name(index?.byId.get(r.categoryId)?.names) || r.categoryId}</td>
                            <td data-label={t('catalog.merchant.liveState')}>
                              <LiveBadge state={r.liveState} />
                            </td>
                            <td data-label={t('catalog.merchant.draftState')}>
                              <DraftBadge state={r.draftState} />
                            </td>
                            <td data-label={t('catalog.merchant.price')} className="num">
                              {range(r)}
                            </td>
                            <td data-label={t('catalog.merchant.stock')} className="num">
                              <span>
                                {f.number(r.stock)}
                                {low && <span className="badge badge--warning low-badge">{t('catalog.merchant.lowStock', { count: r.minStock ?? 0 })}</span>}
                              </span>
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                <Pager offset={offset} pageSize={PAGE} shown={rows.length} onChange={setOffset} />
              </>
            )
          }
        </QueryBoundary>
      </section>
      {/* Selecting products only serves the bulk price change: a role without prices.write sees neither. */}
      {rights.price && <BulkPrice store={store} selected={[...selected]} onDone={() => setSelected(new Set())} />}
      <Channels storeId={store.id} canSwitch={rights.write} />
    </>
  );
}
