// The store's service account (/merchant/stores/:storeId/service): its followers (filters by source, member level and
// last purchase, with counts), the conversation queue (buyers waiting for an answer first; the reply box closes when
// the reply window since the buyer's last message has passed, and says why), broadcasts to the followers (a segment
// by the same filters, its audience shown before sending, the month's quota, delivery progress), and the wording of
// its notices per language.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { CardSection } from '../components/CardSection.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Field } from '../components/Field.tsx';
import { SelectFilter } from '../components/Filters.tsx';
import { Pager } from '../components/Pager.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { client, data, type Schemas } from '../lib/api.ts';
import { enumValues } from '../lib/api/schema.ts';
import { useFormat } from '../lib/format.ts';
import { can } from '../lib/permissions.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { useStoreContext } from './StorePage.tsx';
import { LANGUAGES } from '../i18n/index.ts';
import { RepeatPurchase } from './RepeatPurchase.tsx';

const PAGE = 50;
type Purchase = 'within30' | 'within90' | 'notFor30' | 'notFor90';
const PURCHASE: Record<Purchase, { boughtWithinDays?: number; notBoughtForDays?: number }> = {
  within30: { boughtWithinDays: 30 }, within90: { boughtWithinDays: 90 }, notFor30: { notBoughtForDays: 30 }, notFor90: { notBoughtForDays: 90 },
};

type Source = Schemas['FollowSource'] | '';

/** The follower filters: the followers list's, and a broadcast's segment (with counts by source when known). */
function SegmentFilters(p: {
  source: Source; level: string; purchase: Purchase | ''; bySource?: Record<string, number>;
  onSource: (v: Source) => void; onLevel: (v: string) => void; onPurchase: (v: Purchase | '') => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="filters">
      <SelectFilter label={t('service.console.bySource')} value={p.source} onChange={p.onSource}
        options={enumValues.FollowSource.map((s) => ({ value: s, label: `${stateLabel(t, 'FollowSource', s)}${p.bySource ? ` (${p.bySource[s] ?? 0})` : ''}` }))} />
      <SelectFilter label={t('service.console.minLevel')} value={p.level} onChange={p.onLevel}
        options={[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => ({ value: String(n), label: String(n) }))} />
      <SelectFilter label={t('service.console.lastPurchase')} value={p.purchase} onChange={p.onPurchase}
        options={(Object.keys(PURCHASE) as Purchase[]).map((x) => ({ value: x, label: t(`service.console.${x}`) }))} />
    </div>
  );
}

export function ServiceAccount() {
  const { store } = useStoreContext();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <Conversations storeId={store.id} open={open} onOpen={setOpen} canReply={can(store, 'service.reply')} />
      <Broadcasts storeId={store.id} canSend={can(store, 'marketing.manage')} />
      <Followers storeId={store.id} />
      <RepeatPurchase storeId={store.id} canSend={can(store, 'marketing.manage')} />
      <Templates storeId={store.id} canEdit={can(store, 'marketing.manage')} />
    </>
  );
}

function Followers({ storeId }: { storeId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [source, setSource] = useState<Source>('');
  const [level, setLevel] = useState<string>('');
  const [purchase, setPurchase] = useState<Purchase | ''>('');
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    queryKey: ['service', storeId, 'followers', source, level, purchase, offset],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/followers', {
      params: { path: { storeId }, query: { limit: PAGE, offset, ...(source ? { source } : {}), ...(level ? { minLevel: Number(level) } : {}), ...(purchase ? PURCHASE[purchase] : {}) } }, signal,
    })),
  });
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setOffset(0); };
  return (
    <CardSection id="followers-h" title={t('service.console.followers')} intro={query.data ? t('service.console.followersTotal', { count: query.data.total }) : ''}>
      <SegmentFilters source={source} level={level} purchase={purchase} onSource={reset(setSource)} onLevel={reset(setLevel)} onPurchase={reset(setPurchase)} bySource={query.data?.bySource} />
      <QueryBoundary query={query}>
        {(page) => page.items.length === 0 ? <EmptyState title={t('service.console.noFollowers')} /> : (
          <>
            <DataTable rows={page.items} rowKey={(r) => r.buyerId} caption={t('service.console.followers')} rowTestId="follower" columns={[
              { header: t('service.console.name'), rowHeader: true, cell: (r) => r.name },
              { header: t('service.console.bySource'), cell: (r) => stateLabel(t, 'FollowSource', r.source) },
              { header: t('service.console.level'), cell: (r) => (r.level === null ? t('service.console.notMember') : r.level) },
              { header: t('service.console.followedAt'), cell: (r) => f.date(r.followedAt) },
              { header: t('service.console.lastPurchaseAt'), cell: (r) => (r.lastPurchaseAt ? f.date(r.lastPurchaseAt) : t('service.console.never')) },
              { header: t('service.console.orders'), num: true, cell: (r) => r.orders },
            ]} />
            <Pager offset={offset} pageSize={PAGE} shown={page.items.length} total={page.total} onChange={setOffset} />
          </>
        )}
      </QueryBoundary>
    </CardSection>
  );
}

const STATUS = { scheduled: 'service.console.statusScheduled', sending: 'service.console.statusSending', sent: 'service.console.statusSent', cancelled: 'service.console.statusCancelled' } as const;

function Broadcasts({ storeId, canSend }: { storeId: string; canSend: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [source, setSource] = useState<Source>('');
  const [level, setLevel] = useState('');
  const [purchase, setPurchase] = useState<Purchase | ''>('');
  const [kind, setKind] = useState<'broadcast' | 'article'>('broadcast');
  const [products, setProducts] = useState<string[]>([]);
  const [sendAt, setSendAt] = useState('');
  const segment = { ...(source ? { source } : {}), ...(level ? { minLevel: Number(level) } : {}), ...(purchase ? PURCHASE[purchase] : {}) };
  const key = ['service', storeId, 'broadcasts'];
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/broadcasts', { params: { path: { storeId }, query: { limit: 20 } }, signal })),
    // While one is being delivered its progress moves.
    refetchInterval: (q) => (q.state.data?.items.some((b) => b.status === 'sending') ? 2000 : false),
  });
  const audience = useQuery({
    queryKey: ['service', storeId, 'audience', segment],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/broadcasts/audience', { params: { path: { storeId }, query: segment }, signal })),
    enabled: canSend,
  });
  const send = useMutation({
    mutationFn: () => data(client.POST('/api/merchant/stores/{storeId}/broadcasts', {
      params: { path: { storeId } },
      body: { kind, title: title.trim(), body: body.trim(), segment, ...(kind === 'article' ? { productIds: products } : {}), ...(sendAt ? { sendAt: new Date(sendAt).toISOString() } : {}) },
    })),
    onSuccess: (b) => {
      setTitle('');
      setBody('');
      setProducts([]);
      setSendAt('');
      announce(t(b.status === 'scheduled' ? 'service.console.broadcastScheduled' : 'service.console.broadcastSent'));
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const cancel = useMutation({
    mutationFn: (broadcastId: string) => data(client.POST('/api/merchant/stores/{storeId}/broadcasts/{broadcastId}/cancel', { params: { path: { storeId, broadcastId } } })),
    onSuccess: () => {
      announce(t('service.console.broadcastCancelled'));
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const quota = list.data?.quota;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (title.trim() && body.trim()) send.mutate();
  };
  return (
    <CardSection id="broadcasts-h" title={t('service.console.broadcasts')} intro={quota ? t('service.console.broadcastsIntro', { quota: quota.quota, used: quota.used, month: quota.month }) : ''}>
      {canSend && (
        <form onSubmit={submit}>
          <fieldset>
            <legend>{t('service.console.kind')}</legend>
            {(['broadcast', 'article'] as const).map((k) => (
              <label key={k}>
                <input type="radio" name="broadcast-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />{' '}
                {t(k === 'article' ? 'service.console.kindArticle' : 'service.console.kindBroadcast')}
              </label>
            ))}
          </fieldset>
          <SegmentFilters source={source} level={level} purchase={purchase} onSource={setSource} onLevel={setLevel} onPurchase={setPurchase} />
          <p className="small" role="status" data-testid="broadcast-audience">{audience.data ? t('service.console.audience', { count: audience.data.audience }) : '…'}</p>
          <Field label={t('service.console.broadcastTitle')}>
            {(p) => <input {...p} type="text" maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} />}
          </Field>
          <Field label={t('service.console.broadcastBody')}>
            {(p) => <textarea {...p} rows={4} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} />}
          </Field>
          {kind === 'article' && <ArticleProducts storeId={storeId} chosen={products} onChange={setProducts} />}
          <Field label={t('service.console.sendAt')} hint={t('service.console.sendAtHint')}>
            {(p) => <input {...p} type="datetime-local" value={sendAt} onChange={(e) => setSendAt(e.target.value)} />}
          </Field>
          {quota && quota.remaining === 0 && <p className="notice" role="status">{t('service.console.quotaUsed', { month: quota.month, quota: quota.quota })}</p>}
          <ProblemAlert error={send.error ?? cancel.error} />
          <button type="submit" className="btn btn--primary" disabled={send.isPending || !title.trim() || !body.trim() || audience.data?.audience === 0}>
            {t('service.console.sendBroadcast')}
          </button>
        </form>
      )}
      <QueryBoundary query={list}>
        {(page) => page.items.length === 0 ? <EmptyState title={t('service.console.noBroadcasts')} /> : (
          <DataTable rows={page.items} rowKey={(r) => r.id} caption={t('service.console.broadcasts')} rowTestId="broadcast" columns={[
            { header: t('service.console.broadcastTitle'), rowHeader: true, cell: (r) => r.title },
            { header: t('service.console.kind'), cell: (r) => t(r.kind === 'article' ? 'service.console.kindArticle' : 'service.console.kindBroadcast') },
            { header: t('service.console.sentAt'), cell: (r) => f.dateTime(r.sendAt ?? r.createdAt) },
            { header: t('service.console.status'), cell: (r) => t(STATUS[r.status]) },
            { header: t('service.console.progress'), cell: (r) => t('service.console.progressOf', { delivered: r.delivered, audience: r.audience, skipped: r.skipped, overQuota: r.overQuota }) },
            { header: t('service.console.cancelBroadcast'), actions: true, cell: (r) => canSend && r.status === 'scheduled' && (
              <button type="button" className="btn btn--sm" disabled={cancel.isPending} onClick={() => cancel.mutate(r.id)} aria-label={`${t('service.console.cancelBroadcast')}: ${r.title}`}>{t('service.console.cancelBroadcast')}</button>
            ) },
          ]} />
        )}
      </QueryBoundary>
    </CardSection>
  );
}

/** The store's listed products to show as cards in an article (in the order chosen). */
function ArticleProducts({ storeId, chosen, onChange }: { storeId: string; chosen: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const listed = useQuery({
    queryKey: ['merchant', 'products', storeId, { live: 'listed', all: true }],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/products', { params: { path: { storeId }, query: { liveState: 'listed', limit: 200 } }, signal })),
  });
  return (
    <fieldset>
      <legend>{t('service.console.articleProducts')}</legend>
      <QueryBoundary query={listed}>
        {(list) => list.length === 0 ? <p className="muted small">{t('service.console.noProducts')}</p> : (
          <ul className="inbox-mutes">
            {list.map((p) => (
              <li key={p.id}>
                <label>
                  <input type="checkbox" checked={chosen.includes(p.id)} disabled={!chosen.includes(p.id) && chosen.length >= 10}
                    onChange={(e) => onChange(e.target.checked ? [...chosen, p.id] : chosen.filter((x) => x !== p.id))} />{' '}
                  {p.title}
                </label>
              </li>
            ))}
          </ul>
        )}
      </QueryBoundary>
    </fieldset>
  );
}

function Conversations({ storeId, open, onOpen, canReply }: { storeId: string; open: string | null; onOpen: (id: string) => void; canReply: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queue = useQuery({
    queryKey: ['service', storeId, 'conversations'],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/conversations', { params: { path: { storeId }, query: { limit: 100 } }, signal })),
    refetchInterval: 15_000,
  });
  return (
    <CardSection id="conversations-h" title={t('service.console.conversations')} intro={t('service.console.queue')}>
      <QueryBoundary query={queue}>
        {(list) => list.length === 0 ? <EmptyState title={t('service.console.queueEmpty')} /> : (
          <ul className="conversation-queue">
            {list.map((c) => (
              <li key={c.buyerId}>
                <button type="button" className={`btn btn--ghost${open === c.buyerId ? ' is-active' : ''}`} aria-pressed={open === c.buyerId} onClick={() => onOpen(c.buyerId)} data-testid="conversation">
                  <strong>{c.name}</strong>{c.waiting && <span className="tabs__badge">{t('service.console.queue')}</span>}{' '}
                  <span className="small muted">{c.lastText} · {c.waiting ? t('service.console.waitingSince', { time: f.dateTime(c.lastBuyerMessageAt) }) : f.dateTime(c.lastReplyAt ?? c.lastBuyerMessageAt)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </QueryBoundary>
      {open ? <Thread storeId={storeId} buyerId={open} canReply={canReply} /> : <p className="muted small">{t('service.console.noConversation')}</p>}
    </CardSection>
  );
}

function Thread({ storeId, buyerId, canReply }: { storeId: string; buyerId: string; canReply: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const key = ['service', storeId, 'conversation', buyerId];
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/conversations/{buyerId}', { params: { path: { storeId, buyerId } }, signal })) });
  const send = useMutation({
    mutationFn: () => data(client.POST('/api/merchant/stores/{storeId}/conversations/{buyerId}/replies', { params: { path: { storeId, buyerId } }, body: { text } })),
    onSuccess: (c) => {
      qc.setQueryData(key, c);
      setText('');
      announce(t('service.console.replySent'));
      void qc.invalidateQueries({ queryKey: ['service', storeId, 'conversations'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) send.mutate();
  };
  return (
    <QueryBoundary query={query}>
      {(c) => (
        <div className="conversation" aria-label={c.name}>
          <ol className="inbox-thread">
            {c.messages.map((m) => (
              <li key={m.id} className={`inbox-msg${m.fromBuyer ? '' : ' inbox-msg--mine'}`} data-testid="conversation-message">
                <p className="small muted">{m.fromBuyer ? c.name : t('service.console.storeWrote')} · <time dateTime={m.createdAt}>{f.dateTime(m.createdAt)}</time></p>
                <p className="inbox-msg__text">{m.text}</p>
              </li>
            ))}
          </ol>
          {!c.replyOpen ? (
            <p className="notice" role="status">{t('service.console.closed', { time: c.replyClosesAt ? f.dateTime(c.replyClosesAt) : '', hours: c.windowHours })}</p>
          ) : canReply && (
            <form onSubmit={submit}>
              <Field label={t('service.console.reply')} hint={c.replyClosesAt ? t('service.console.closesAt', { time: f.dateTime(c.replyClosesAt) }) : undefined}>
                {(p) => <textarea {...p} rows={3} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} />}
              </Field>
              <ProblemAlert error={send.error} />
              <button type="submit" className="btn btn--primary" disabled={send.isPending || !text.trim()}>{t('service.console.sendReply')}</button>
            </form>
          )}
        </div>
      )}
    </QueryBoundary>
  );
}

function Templates({ storeId, canEdit }: { storeId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['service', storeId, 'templates'], queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/notice-templates', { params: { path: { storeId } }, signal })) });
  return (
    <CardSection id="templates-h" title={t('service.console.templates')} intro={t('service.console.templatesHint', { fields: '{store}, {order}…' })}>
      <QueryBoundary query={query}>
        {(list) => <>{list.map((tpl) => <TemplateForm key={tpl.kind} storeId={storeId} tpl={tpl} canEdit={canEdit} />)}</>}
      </QueryBoundary>
    </CardSection>
  );
}


function TemplateForm({ storeId, tpl, canEdit }: { storeId: string; tpl: Schemas['NoticeTemplate']; canEdit: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [texts, setTexts] = useState({ en: tpl.texts.en.custom ?? '', zh: tpl.texts.zh.custom ?? '', vi: tpl.texts.vi.custom ?? '' });
  const save = useMutation({
    mutationFn: () => data(client.PUT('/api/merchant/stores/{storeId}/notice-templates/{kind}', {
      params: { path: { storeId, kind: tpl.kind } }, body: { en: texts.en.trim() || null, zh: texts.zh.trim() || null, vi: texts.vi.trim() || null },
    })),
    onSuccess: () => {
      announce(t('service.console.templateSaved'));
      void qc.invalidateQueries({ queryKey: ['service', storeId, 'templates'] });
    },
  });
  return (
    <details className="template">
      <summary>{stateLabel(t, 'NoticeKind', tpl.kind)}</summary>
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <p className="small muted">{t('service.console.templatesHint', { fields: tpl.fields.map((x) => `{${x}}`).join(', ') })}</p>
        {LANGUAGES.map(({ code: lang, label }) => (
          <Field key={lang} label={label} hint={`${t('service.console.default')}: ${tpl.texts[lang].default}`}>
            {(p) => <textarea {...p} lang={lang} rows={2} maxLength={500} readOnly={!canEdit} value={texts[lang]} placeholder={tpl.texts[lang].default} onChange={(e) => setTexts({ ...texts, [lang]: e.target.value })} />}
          </Field>
        ))}
        <ProblemAlert error={save.error} />
        {canEdit && <button type="submit" className="btn btn--primary" disabled={save.isPending}>{t('service.console.saveTemplate')}</button>}
      </form>
    </details>
  );
}
