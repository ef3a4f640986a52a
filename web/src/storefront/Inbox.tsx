// The buyer's inbox (/inbox): every store's messages in one list, newest first, unread ones marked and counted; a
// store's conversation (/inbox/:storeId): its notices and the messages with it, a box to write to it (about an order
// when opened from one), the kinds of notices (and the broadcasts) to receive, and unfollowing. New messages arrive live while either page
// is open (lib/inbox.ts), and with them the header's unread count.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data, type Schemas } from '../lib/api.ts';
import { enumValues } from '../lib/api/schema.ts';
import { useFormat } from '../lib/format.ts';
import { messageText, unreadKey, useFollow, useInboxLive, type InboxMessage } from '../lib/inbox.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { BuyAgainButton } from './BuyAgain.tsx';

type MuteKind = Schemas['MuteKind'];

function useMessages(storeId?: string) {
  return useQuery({
    queryKey: ['inbox', 'list', storeId ?? 'all'],
    queryFn: ({ signal }) => data(client.GET('/api/inbox', { params: { query: { limit: 100, ...(storeId ? { storeId } : {}) } }, signal })),
  });
}

function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { storeId?: string }) => data(client.POST('/api/inbox/read', { body })),
    onSuccess: (u) => {
      qc.setQueryData(unreadKey, u);
      void qc.invalidateQueries({ queryKey: ['inbox', 'list'] });
    },
  });
}

/** Keeps the live stream open while an inbox page is shown, and says whether it is connected. */
function LiveState() {
  const { t } = useTranslation();
  const connected = useInboxLive(true);
  return <p className="small muted" role="status" data-testid="inbox-live">{connected ? `● ${t('service.inbox.live')}` : t('service.inbox.offline')}</p>;
}

function MessageItem({ m, withStore }: { m: InboxMessage; withStore: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const who = m.fromBuyer ? t('service.inbox.you') : m.storeName;
  return (
    <article className={`inbox-msg${m.read ? '' : ' inbox-msg--unread'}${m.fromBuyer ? ' inbox-msg--mine' : ''}`} data-testid="inbox-message" data-kind={m.kind}>
      <p className="small muted">
        {!m.read && <span className="tabs__badge" aria-label={t('service.inbox.unread')}>•</span>} {withStore ? <Link to={`/inbox/${m.storeId}`}>{m.storeName}</Link> : who}
        {m.noticeKind && <> · {stateLabel(t, 'NoticeKind', m.noticeKind)}</>} · <time dateTime={m.createdAt}>{f.dateTime(m.createdAt)}</time>
      </p>
      {m.title && <h3 className="inbox-msg__title">{m.title}</h3>}
      <p className="inbox-msg__text">{messageText(m, f.lang)}</p>
      {m.products.length > 0 && (
        <ul className="inbox-cards">
          {m.products.map((p) => (
            <li key={p.productId} className="inbox-card" data-testid="inbox-product-card">
              <Link to={`/p/${p.productId}`} aria-label={t('service.inbox.viewProduct', { product: p.title ?? '' })}>
                <strong>{p.title ?? '—'}</strong>{' '}
                <span className="small">{p.available && p.price !== null ? f.money(p.price, p.currency ?? undefined) : t('service.inbox.productUnavailable')}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {m.orderId && <Link className="small" to={`/orders/${m.orderId}`}>{t('service.inbox.viewOrder')}</Link>}
      {m.orderId && m.noticeKind === 'order_delivered' && <> <BuyAgainButton orderId={m.orderId} /></>}
      {m.orderId && m.skuId && m.productId && m.noticeKind === 'repurchase_reminder' && (
        <div className="btn-row">
          <BuyAgainButton orderId={m.orderId} skuIds={[m.skuId]} label={t('service.inbox.reorder')} />
          <Link className="btn btn--sm btn--primary" to={`/checkout?product=${m.productId}&sku=${m.skuId}&qty=${m.quantity ?? 1}`}>{t('service.inbox.buyNowAgain')}</Link>
        </div>
      )}
    </article>
  );
}

export function Inbox() {
  const { t } = useTranslation();
  const query = useMessages();
  const read = useMarkRead();
  return (
    <section aria-labelledby="inbox-h">
      <h1 id="inbox-h" className="shop__title">{t('service.inbox.title')}</h1>
      <LiveState />
      <QueryBoundary query={query}>
        {(page) => page.items.length === 0 ? (
          <EmptyState icon="✉" title={t('service.inbox.title')}>{t('service.inbox.empty')}</EmptyState>
        ) : (
          <>
            {page.unread.count > 0 && (
              <button type="button" className="btn btn--sm" disabled={read.isPending} onClick={() => read.mutate({})}>{t('service.inbox.markAllRead')}</button>
            )}
            <ul className="inbox-list">
              {page.items.map((m) => <li key={m.id}><MessageItem m={m} withStore /></li>)}
            </ul>
          </>
        )}
      </QueryBoundary>
    </section>
  );
}

export function InboxStore() {
  const { storeId = '' } = useParams();
  const [params] = useSearchParams();
  const orderId = params.get('order') ?? undefined;
  const { t } = useTranslation();
  const query = useMessages(storeId);
  const follow = useFollow(storeId);
  const read = useMarkRead();
  const storeName = follow.data?.storeName ?? '';
  const unreadHere = query.data?.items.some((m) => !m.read) ?? false;
  // Opening a store's conversation reads its messages (also those arriving while it is open).
  useEffect(() => {
    if (unreadHere && !read.isPending) read.mutate({ storeId });
  }, [unreadHere, storeId]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <section aria-labelledby="thread-h">
      <Link to="/inbox" className="back-link">← {t('service.inbox.back')}</Link>
      <h1 id="thread-h" className="shop__title">{storeName}</h1>
      <LiveState />
      <QueryBoundary query={query}>
        {(page) => page.items.length === 0 ? (
          <p className="muted">{t('service.inbox.threadEmpty')}</p>
        ) : (
          <ol className="inbox-thread">
            {[...page.items].reverse().map((m) => <li key={m.id}><MessageItem m={m} withStore={false} /></li>)}
          </ol>
        )}
      </QueryBoundary>
      {storeName && <WriteBox storeId={storeId} storeName={storeName} orderId={orderId} />}
      {follow.data?.following && <Mutes storeId={storeId} storeName={storeName} />}
    </section>
  );
}

function WriteBox({ storeId, storeName, orderId }: { storeId: string; storeName: string; orderId?: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: () => data(client.POST('/api/inbox/stores/{storeId}/messages', { params: { path: { storeId } }, body: { text, ...(orderId ? { orderId } : {}) } })),
    onSuccess: () => {
      setText('');
      announce(t('service.inbox.sent'));
      void qc.invalidateQueries({ queryKey: ['inbox', 'list'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) send.mutate();
  };
  return (
    <form className="card inbox-write" onSubmit={submit}>
      <label htmlFor="inbox-write-text">{t('service.inbox.write', { store: storeName })}</label>
      {orderId && <p className="small muted">{t('service.inbox.aboutOrder', { order: orderId.slice(0, 8).toUpperCase() })}</p>}
      <textarea id="inbox-write-text" rows={3} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} />
      <ProblemAlert error={send.error} />
      <button type="submit" className="btn btn--primary" disabled={send.isPending || !text.trim()}>{t('service.inbox.send')}</button>
    </form>
  );
}

function Mutes({ storeId, storeName }: { storeId: string; storeName: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [asking, setAsking] = useState(false);
  const mutes = useQuery({ queryKey: ['inbox', 'mutes', storeId], queryFn: ({ signal }) => data(client.GET('/api/inbox/stores/{storeId}/mutes', { params: { path: { storeId } }, signal })) });
  const save = useMutation({
    mutationFn: (kinds: MuteKind[]) => data(client.PUT('/api/inbox/stores/{storeId}/mutes', { params: { path: { storeId } }, body: { kinds } })),
    onSuccess: (m) => {
      qc.setQueryData(['inbox', 'mutes', storeId], m);
      announce(t('service.inbox.mutesSaved'));
    },
  });
  const unfollow = useMutation({
    mutationFn: () => data(client.DELETE('/api/follows/{storeId}', { params: { path: { storeId } } })),
    onSuccess: (f) => {
      qc.setQueryData(['follows', storeId], f);
      void qc.invalidateQueries({ queryKey: ['storefront', 'home', 'following'] });
      setAsking(false);
      announce(t('service.inbox.unfollowed', { store: storeName }));
    },
  });
  const muted = mutes.data?.kinds ?? [];
  return (
    <section className="card" aria-labelledby="mutes-h">
      <h2 id="mutes-h">{t('service.inbox.mutes', { store: storeName })}</h2>
      <p className="small muted">{t('service.inbox.mutesHint')}</p>
      <ul className="inbox-mutes">
        {enumValues.MuteKind.map((k) => (
          <li key={k}>
            <label>
              <input type="checkbox" checked={!muted.includes(k)} disabled={save.isPending || mutes.isPending}
                onChange={(e) => save.mutate(e.target.checked ? muted.filter((x) => x !== k) : [...muted, k])} />{' '}
              {stateLabel(t, 'MuteKind', k)}
            </label>
          </li>
        ))}
      </ul>
      <button type="button" className="btn btn--danger-outline btn--sm" onClick={() => setAsking(true)}>{t('service.inbox.unfollow', { store: storeName })}</button>
      <ConfirmDialog open={asking} title={t('service.inbox.unfollow', { store: storeName })} confirmLabel={t('service.inbox.unfollow', { store: storeName })} danger
        busy={unfollow.isPending} error={unfollow.error} onConfirm={() => unfollow.mutate()} onClose={() => setAsking(false)}>
        {t('service.inbox.unfollowConfirm', { store: storeName })}
      </ConfirmDialog>
    </section>
  );
}
