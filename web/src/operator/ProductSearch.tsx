// The operator finds a product (words of its title or its store's name, or its id) and acts on it from its row:
// delist for violation, reinstate or ban, each with a reason the merchant sees; one still in review links to the queue.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog.tsx';
import { ListFilterBar, useListFilters } from '../components/Filters.tsx';
import { ListPage, type Column } from '../components/list/ListPage.tsx';
import { usePagedList } from '../components/list/useList.ts';
import { ReasonForm } from '../components/ReasonForm.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data, type Answer } from '../lib/api.ts';
import { LIVE_STATES, type LiveState } from '../lib/catalog.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { DraftBadge, LiveBadge } from '../merchant/ProductBadges.tsx';

const PAGE = 30;
type Row = Answer<'/api/operator/products', 'get'>['products'][number];
type Move = Row['operatorMoves'][number];

export function ProductSearch() {
  const { t } = useTranslation();
  const filters = useListFilters<LiveState>(LIVE_STATES, { textParam: 'q' });
  const { state, q, filtered } = filters;
  const [acting, setActing] = useState<{ row: Row; move: Move } | null>(null);
  const list = usePagedList<Row>(
    ['operator', 'products', { state, q }],
    async ({ limit, offset, signal }) => {
      const page = await data(client.GET('/api/operator/products', { params: { query: { limit, offset, q: q || undefined, liveState: state || undefined } }, signal }));
      return { rows: page.products, total: page.total };
    },
    { pageSize: PAGE, offset: filters.offset, setOffset: filters.setOffset },
  );
  const columns: Column<Row>[] = [
    {
      header: t('catalog.merchant.product'),
      rowHeader: true,
      cell: (p) => (
        <>
          {p.liveState === 'not_live' ? p.draftTitle ?? p.title : <Link to={`/p/${p.id}`}>{p.title}</Link>}
          {p.draftTitle && p.draftTitle !== p.title && p.liveState !== 'not_live' && <span className="sub">{t('moderation.draft')}: {p.draftTitle}</span>}
        </>
      ),
    },
    { header: t('moderation.store'), cell: (p) => <Link to={`/operator/stores/${p.storeId}`}>{p.storeName}</Link> },
    {
      header: t('moderation.state'),
      cell: (p) => (
        <>
          <LiveBadge state={p.liveState} /> {p.draftState && p.draftState !== 'review_passed' && <DraftBadge state={p.draftState} />}
        </>
      ),
    },
    {
      header: t('moderation.actions'),
      actions: true,
      cell: (p) => {
        const title = p.draftTitle ?? p.title;
        return (
          <div className="btn-row btn-row--tight">
            {p.draftState === 'in_review' && (
              <Link to="/operator/products" className="btn btn--sm">
                {t('moderation.inReview')}
              </Link>
            )}
            {p.operatorMoves.map((move) => (
              <button
                key={move}
                type="button"
                className={`btn btn--sm ${move === 'reinstate' ? 'btn--primary' : 'btn--danger-outline'}`}
                aria-label={t('moderation.moveOne', { move: stateLabel(t, 'OperatorProductMove', move), title })}
                onClick={() => setActing({ row: p, move })}
              >
                {stateLabel(t, 'OperatorProductMove', move)}
              </button>
            ))}
            {p.operatorMoves.length === 0 && p.draftState !== 'in_review' && <span className="muted small">{t('moderation.noMoves')}</span>}
          </div>
        );
      },
    },
  ];
  return (
    <ListPage<Row>
      title={t('moderation.title')}
      frame={{ kind: 'page', subtitle: t('moderation.subtitle'), back: { to: '/operator/products', label: t('catalog.review.title') } }}
      filters={
        <ListFilterBar<LiveState>
          filters={filters}
          search={{ label: t('moderation.search'), hint: t('moderation.searchHint') }}
          state={{ label: t('moderation.stateFilter'), options: LIVE_STATES.map((s) => ({ value: s, label: stateLabel(t, 'LiveState', s) })) }}
        />
      }
      list={list}
      count={(n) => t('moderation.count', { count: n })}
      rowKey={(p) => p.id}
      columns={columns}
      empty={{ title: t('moderation.empty'), text: t('moderation.emptyText') }}
      noMatch={filtered ? { title: t('moderation.noMatch'), text: t('moderation.noMatchText'), action: filters.clearButton } : null}
    >
      <MoveDialog acting={acting} onClose={() => setActing(null)} />
    </ListPage>
  );
}

function MoveDialog({ acting, onClose }: { acting: { row: Row; move: Move } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const m = useMutation({
    mutationFn: ({ productId, move, reason }: { productId: string; move: Move; reason: string }) => {
      const req = { params: { path: { productId } }, body: { reason } };
      if (move === 'ban') return data(client.POST('/api/operator/products/{productId}/ban', req));
      if (move === 'reinstate') return data(client.POST('/api/operator/products/{productId}/reinstate', req));
      return data(client.POST('/api/operator/products/{productId}/delist-violation', req));
    },
    onSuccess: (p) => {
      announce(t('moderation.done', { title: p.title, state: stateLabel(t, 'LiveState', p.liveState) }));
      void qc.invalidateQueries({ queryKey: ['operator'] });
      onClose();
    },
  });
  const title = acting ? acting.row.draftTitle ?? acting.row.title : '';
  const moveLabel = acting ? stateLabel(t, 'OperatorProductMove', acting.move) : '';
  return (
    <Dialog open={!!acting} title={t('moderation.moveOne', { move: moveLabel, title })} onClose={() => { m.reset(); onClose(); }}>
      {acting && (
        <>
          <ProblemAlert error={m.error} />
          <ReasonForm
            label={t('moderation.reasonLabel')}
            hint={t('moderation.reasonHint')}
            confirmLabel={moveLabel}
            pending={m.isPending}
            onConfirm={(reason) => m.mutate({ productId: acting.row.id, move: acting.move, reason })}
            onCancel={() => { m.reset(); onClose(); }}
          />
        </>
      )}
    </Dialog>
  );
}
