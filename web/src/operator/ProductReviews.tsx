// Product review queue (oldest first): the submitted draft (its store, description as the buyer will see it, SKUs and
// images); pass, or fail with a reason.
// Acting on any product (delist for violation, reinstate, ban) starts from finding it (ProductSearch).
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { ListPage } from '../components/list/ListPage.tsx';
import { usePagedList } from '../components/list/useList.ts';
import { client, data } from '../lib/api.ts';
import { useCategoryIndex } from '../lib/categories.ts';
import { attrsLabel, thumbUrl, type DraftContent, type ReviewItem } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { DraftBadge, LiveBadge } from '../merchant/ProductBadges.tsx';
import { DecisionButtons } from '../components/ReasonForm.tsx';
import { RichText } from '../components/RichText.tsx';

export const productQueueKey = ['operator', 'product-reviews'] as const;

const PAGE = 50;

/** One page of the queue. The draft's content is still untyped in the API document (the catalog's draft schema). */
async function reviewPage(p: { limit: number; offset: number; signal: AbortSignal }) {
  const page = await data(client.GET('/api/operator/product-reviews', { params: { query: { limit: p.limit, offset: p.offset } }, signal: p.signal }));
  const rows: ReviewItem[] = page.reviews.map((r) => ({ ...r, content: r.content as DraftContent }));
  return { rows, total: page.total };
}

export function ProductReviews() {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const list = usePagedList<ReviewItem>(productQueueKey, reviewPage, { pageSize: PAGE, offset, setOffset });
  return (
    <ListPage<ReviewItem>
      title={t('catalog.review.title')}
      frame={{ kind: 'page', subtitle: t('catalog.review.subtitle') }}
      actions={
        <Link to="/operator/products/find" className="btn">
          {t('moderation.find')}
        </Link>
      }
      list={list}
      count={(n) => t('catalog.review.count', { count: n })}
      rowKey={(i) => i.productId}
      card={(i) => (
        <li key={i.productId}>
          <ReviewCard item={i} />
        </li>
      )}
      empty={{ icon: '✓', title: t('catalog.review.emptyTitle'), text: t('catalog.review.emptyText') }}
      noMatch={null}
    >
    </ListPage>
  );
}

function ReviewCard({ item }: { item: ReviewItem }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const { index } = useCategoryIndex();
  const headingId = useId();
  const c = item.content;
  const decide = useMutation({
    mutationFn: (d: { action: 'pass' } | { action: 'fail'; reason: string }) => {
      const path = { productId: item.productId };
      return d.action === 'fail'
        ? data(client.POST('/api/operator/products/{productId}/fail', { params: { path }, body: { reason: d.reason } }))
        : data(client.POST('/api/operator/products/{productId}/pass', { params: { path } }));
    },
    onSuccess: (_r, d) => {
      announce(t(d.action === 'pass' ? 'catalog.review.passed' : 'catalog.review.failed', { title: c.title }));
      void qc.invalidateQueries({ queryKey: productQueueKey });
    },
  });
  const chain = index?.chain(c.categoryId) ?? [];
  return (
    <article className="card app-card" aria-labelledby={headingId}>
      <div className="app-card__head">
        <div>
          <h2 id={headingId} className="app-card__title">
            {c.title}
          </h2>
          <p className="crumbs">{chain.map((n) => f.name(n.names)).join(' › ') || c.categoryId}</p>
        </div>
        <div className="badges">
          <DraftBadge state={item.draftState} /> <LiveBadge state={item.liveState} />
        </div>
      </div>
      <dl className="meta">
        {item.submittedAt && (
          <div>
            <dt>{t('operator.queue.submitted')}</dt>
            <dd>{f.dateTime(item.submittedAt)}</dd>
          </div>
        )}
        <div>
          <dt>{t('catalog.review.store')}</dt>
          <dd>
            <Link to={`/operator/stores/${item.storeId}`}>{item.storeName}</Link>
          </dd>
        </div>
      </dl>
      {c.imageIds.length > 0 && (
        <ul className="images__list">
          {c.imageIds.map((id, i) => (
            <li key={id}>
              <img src={thumbUrl(id)} alt={t('catalog.shop.imageN', { n: i + 1 })} width="72" height="72" />
            </li>
          ))}
        </ul>
      )}
      {c.description && (
        <div className="review-desc">
          <RichText source={c.description} />
        </div>
      )}
      <div className="table-wrap">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('catalog.editor.sku')}</th>
              <th scope="col" className="num">{t('catalog.merchant.price')}</th>
              <th scope="col" className="num">{t('catalog.merchant.stock')}</th>
            </tr>
          </thead>
          <tbody>
            {c.skus.map((s, i) => (
              <tr key={i}>
                <th scope="row">{attrsLabel(s.attrs) || t('catalog.editor.single')}</th>
                <td className="num">{f.money(s.price)}</td>
                <td className="num">{f.number(s.stock)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="app-card__actions">
        <ProblemAlert error={decide.error} />
        <DecisionButtons
          refuseLabel={t('catalog.review.fail')}
          refuseAriaLabel={t('catalog.review.failOne', { title: c.title })}
          reasonLabel={t('catalog.review.reasonLabel')}
          reasonHint={t('catalog.review.reasonHint')}
          confirmLabel={t('catalog.review.confirmFail')}
          pending={decide.isPending}
          onRefuse={(reason) => decide.mutate({ action: 'fail', reason })}
        >
          <button type="button" className="btn btn--primary" disabled={decide.isPending} aria-label={t('catalog.review.passOne', { title: c.title })} onClick={() => decide.mutate({ action: 'pass' })}>
            {t('catalog.review.pass')}
          </button>
        </DecisionButtons>
      </div>
    </article>
  );
}
