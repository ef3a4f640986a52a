// One list page: its heading, filters, the count ("12 orders", announced politely), the rows (a table that stacks into
// cards on a phone, or a list of cards the page draws), a pager or "show more", and the loading, error (with retry)
// and empty states; an empty filtered list says so and offers to clear the filters, an empty list says what comes next.
import { useEffect, useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LoadMore, Pager } from '../Pager.tsx';
import { PageHeader } from '../Shell.tsx';
import { EmptyState, ErrorState, Loading } from '../States.tsx';
import type { ListData } from './useList.ts';
import { DataTable, type Column } from '../DataTable.tsx';

export type { Column };

export type EmptyText = { icon?: string; title: string; text?: ReactNode; action?: ReactNode };

type Frame =
  /** A console page: the page's h1 (PageHeader), the filters, the rows. */
  | { kind: 'page'; subtitle?: ReactNode; back?: { to: string; label: string } }
  /** A section inside a page (a store's tab): a card with an h2. */
  | { kind: 'card' }
  /** A shop page (the buyer's): an h1 with a link back above it. */
  | { kind: 'shop'; back?: { to: string; label: string } };

export type ListPageProps<T> = {
  title: string;
  frame: Frame;
  /** Buttons or links beside the heading (an export, a link to another list). */
  actions?: ReactNode;
  /** A line under the heading saying what the list is. */
  intro?: ReactNode;
  /** The filter bar (ListFilterBar). */
  filters?: ReactNode;
  list: ListData<T>;
  /** "12 orders": said for the total of the filtered list. */
  count: (total: number) => string;
  rowKey: (row: T) => string;
  /** The rows as a table (stacked into cards on a phone)... */
  columns?: Column<T>[];
  tableClassName?: string;
  /** ...or as cards: one <li> (or <article> inside it) per row. */
  card?: (row: T) => ReactNode;
  cardsClassName?: string;
  /** Nothing at all yet: what will appear here, and what to do. */
  empty: EmptyText;
  /** Nothing matches the filters (null when the list is not filtered): by default "clear the filters". */
  noMatch: EmptyText | null;
  /** Below the list (a dialog the rows open). */
  children?: ReactNode;
};

export function ListPage<T>(props: ListPageProps<T>) {
  const { title, frame, actions, intro, filters, children } = props;
  const headingId = useId();
  const body = (
    <>
      {intro}
      {filters}
      <ListBody {...props} />
    </>
  );
  if (frame.kind === 'card') {
    return (
      <section className="card" aria-labelledby={headingId}>
        <div className="card__head">
          <h2 id={headingId}>{title}</h2>
          {actions}
        </div>
        {body}
        {children}
      </section>
    );
  }
  if (frame.kind === 'page') {
    return (
      <>
        <PageHeader title={title} subtitle={frame.subtitle} actions={actions} back={frame.back} />
        {body}
        {children}
      </>
    );
  }
  return (
    <>
      {frame.back && (
        <Link to={frame.back.to} className="back-link">
          ← {frame.back.label}
        </Link>
      )}
      <div className="title-row">
        <h1 className="shop__title">{title}</h1>
        {actions}
      </div>
      {body}
      {children}
    </>
  );
}

function ListBody<T>({ title, frame, list, count, rowKey, columns, tableClassName, card, cardsClassName, empty, noMatch }: ListPageProps<T>) {
  const { t } = useTranslation();
  const { rows, total, paging } = list;
  // A page that emptied under us (its last row was handled, or the list shrank): show the last page that has rows.
  const pastTheEnd = paging.kind === 'pages' && !list.isRefreshing && rows.length === 0 && paging.offset > 0 && total !== undefined;
  useEffect(() => {
    if (pastTheEnd) paging.setOffset(total > 0 ? Math.floor((total - 1) / paging.pageSize) * paging.pageSize : 0);
  }, [pastTheEnd, paging, total]);

  // Loading: the first page, or another one while the rows on screen are none (the previous page emptied).
  const waiting = list.isPending || pastTheEnd || (list.isRefreshing && rows.length === 0);
  const none = !waiting && !list.error && rows.length === 0;
  const shownEmpty = noMatch ?? empty;
  // The live region stays in the page, so a new count (or "nothing matches") is announced when a filter changes.
  const said = waiting || list.error ? '' : none ? shownEmpty.title : total !== undefined ? count(total) : '';
  let content: ReactNode;
  if (waiting) content = <Loading />;
  else if (list.error) content = <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  else if (none) {
    content = (
      <EmptyState icon={shownEmpty.icon ?? empty.icon} title={shownEmpty.title} action={shownEmpty.action}>
        {shownEmpty.text}
      </EmptyState>
    );
  } else if (columns) content = <DataTable caption={title} rows={rows} rowKey={rowKey} columns={columns} className={tableClassName} />;
  else {
    content = (
      <ul className={cardsClassName ?? 'card-list'} aria-label={title}>
        {rows.map((r) => card?.(r))}
      </ul>
    );
  }
  // A console's table sits in a card (and so do its empty and error states: the live region is not remounted).
  const inCard = frame.kind === 'page' && !!columns;
  const inner = (
    <div className="list-body" aria-busy={list.isRefreshing || undefined}>
      <p className={`count-line muted${none || !said ? ' visually-hidden' : ''}`} aria-live="polite" aria-atomic="true">
        {said}
      </p>
      {content}
      {!none && !waiting && !list.error && paging.kind === 'pages' && total !== undefined && (paging.offset > 0 || rows.length < total) && (
        <nav aria-label={t('common.pages')}>
          <Pager offset={paging.offset} pageSize={paging.pageSize} shown={rows.length} total={total} onChange={paging.setOffset} />
        </nav>
      )}
      {!none && !waiting && !list.error && paging.kind === 'more' && <LoadMore query={{ hasNextPage: paging.hasMore, isFetchingNextPage: paging.loadingMore, fetchNextPage: paging.more }} />}
    </div>
  );
  return inCard ? <section className="card" aria-label={title}>{inner}</section> : inner;
}
