// ListPage, the one list page of the web app, rendered to HTML: the count, the table or the cards, the pager over the
// server's total, and the different states (nothing yet, nothing matches, an error with retry).
import { createElement as h, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { ApiError } from '../../web/src/lib/api.ts';
import { ListPage, type ListPageProps } from '../../web/src/components/list/ListPage.tsx';
import type { ListData } from '../../web/src/components/list/useList.ts';

// The console's page header lives beside the app shell, which starts the app's i18n for a browser: a plain h1 here.
vi.mock('../../web/src/components/Shell.tsx', async () => {
  const { createElement } = await import('react');
  return { PageHeader: ({ title }: { title: string }) => createElement('h1', null, title) };
});

type Row = { id: string; name: string; amount: number };
const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false } });
});

const rows: Row[] = [
  { id: 'a', name: 'First', amount: 10 },
  { id: 'b', name: 'Second', amount: 20 },
];
const list = (over: Partial<ListData<Row>> = {}): ListData<Row> => ({
  rows, total: 5, isPending: false, isRefreshing: false, error: null, refetch: () => {},
  paging: { kind: 'pages', offset: 0, pageSize: 2, setOffset: () => {} },
  ...over,
});

function render(over: Partial<ListPageProps<Row>> = {}) {
  const props: ListPageProps<Row> = {
    title: 'Things',
    frame: { kind: 'card' },
    list: list(),
    count: (n) => `${n} things`,
    rowKey: (r) => r.id,
    columns: [
      { header: 'Name', rowHeader: true, cell: (r) => r.name },
      { header: 'Amount', num: true, cell: (r) => String(r.amount) },
      { header: 'Actions', actions: true, cell: (r) => h('button', { type: 'button' }, `Open ${r.name}`) },
    ],
    empty: { title: 'Nothing yet', text: 'Things appear here once made.' },
    noMatch: null,
    ...over,
  };
  const tree: ReactNode = h(I18nextProvider, { i18n }, h(MemoryRouter, null, h(ListPage<Row>, props)));
  return renderToStaticMarkup(tree);
}

describe('ListPage', () => {
  it('shows the rows as a table with the server total as the count (announced politely) and a pager over it', () => {
    const html = render();
    expect(html).toMatch(/<h2 id="[^"]+">Things<\/h2>/);
    expect(html).toContain('aria-live="polite"');
    expect(html).toMatch(/aria-live="polite" aria-atomic="true">5 things<\/p>/);
    expect(html).toContain('<caption class="visually-hidden">Things</caption>');
    expect(html).toContain('<th scope="row">First</th>');
    expect(html).toContain('<td class="num" data-label="Amount">20</td>');
    expect(html).toContain('<th scope="col"><span class="visually-hidden">Actions</span></th>');
    expect(html).toContain('<nav aria-label="Pages">');
    expect(html).toContain('1–2 of 5');
  });

  it('has no pager when one page holds every row', () => {
    expect(render({ list: list({ total: 2 }) })).not.toContain('<nav');
  });

  it('an empty list says what comes next; a filtered empty list says nothing matches and offers to clear the filters', () => {
    const empty = render({ list: list({ rows: [], total: 0 }) });
    expect(empty).toContain('Nothing yet');
    expect(empty).toContain('Things appear here once made.');
    expect(empty).not.toContain('<table');
    const filtered = render({
      list: list({ rows: [], total: 0 }),
      noMatch: { title: 'No thing matches', text: en.common.noMatchText, action: h('button', { type: 'button' }, en.common.clearFilters) },
    });
    expect(filtered).toContain('No thing matches');
    expect(filtered).toContain(en.common.clearFilters);
    expect(filtered).not.toContain('Nothing yet');
  });

  it('says it is loading, and an error comes with a retry button', () => {
    expect(render({ list: list({ isPending: true, rows: [], total: undefined }) })).toContain(en.common.loading);
    const failed = render({ list: list({ rows: [], total: undefined, error: new ApiError({ status: 500, code: 'internal', detail: '' }) }) });
    expect(failed).toContain('role="alert"');
    expect(failed).toContain(en.common.retry);
  });

  it('draws cards the page renders, with "show more" while the server has more', () => {
    const html = render({
      frame: { kind: 'shop' },
      columns: undefined,
      card: (r) => h('li', { key: r.id }, r.name),
      cardsClassName: 'order-cards',
      list: list({ paging: { kind: 'more', hasMore: true, loadingMore: false, more: () => {} } }),
    });
    expect(html).toContain('<h1 class="shop__title">Things</h1>');
    expect(html).toContain('<ul class="order-cards" aria-label="Things"><li>First</li><li>Second</li></ul>');
    expect(html).toContain(en.catalog.shop.more);
    expect(html).not.toContain('<nav');
  });

  it('a console page puts a table in a card under the page heading', () => {
    const html = render({ frame: { kind: 'page' } });
    expect(html).toMatch(/^<h1>Things<\/h1><section class="card" aria-label="Things"><div class="list-body">/);
  });
});
