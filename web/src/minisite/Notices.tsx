// The mini-site console's order notices: the delivery log of what Trio sent to the mini-site's callback URL (order,
// event, state, tries, last answer), filtered by state and event, each notice's tries on demand, and "send again"
// for a delivered or failed notice.
import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { SelectFilter, useListFilters } from '../components/Filters.tsx';
import { ListPage, type Column } from '../components/list/ListPage.tsx';
import { usePagedList } from '../components/list/useList.ts';
import { TryLog } from '../components/TryLog.tsx';
import { client, data, type Schemas } from '../lib/api.ts';
import { enumValues } from '../lib/api/schema.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { useFormat } from '../lib/format.ts';
import { shortId } from '../lib/orders.ts';

type Notice = Schemas['MiniSiteNotice'];
type NoticeState = Schemas['MiniSiteNoticeState'];
type NoticeEvent = Schemas['MiniSiteNoticeEvent'];
// One tone per state: a state the server adds does not compile until it has one here.
const TONES: Record<NoticeState, string> = { pending: 'info', delivered: 'success', failed: 'danger' };
const STATES = enumValues.MiniSiteNoticeState;
const EVENTS = enumValues.MiniSiteNoticeEvent;
const PAGE = 20;
const key = (miniSiteId: string) => ['minisite', miniSiteId, 'notices'] as const;

export function MiniSiteNotices() {
  const { miniSiteId = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const filters = useListFilters<NoticeState>(STATES);
  const [event, setEvent] = useState<NoticeEvent | ''>('');
  const [resend, setResend] = useState<Notice | null>(null);
  const list = usePagedList<Notice>(
    [...key(miniSiteId), filters.state, event],
    async ({ limit, offset, signal }) => {
      const query = { limit, offset, ...(filters.state ? { state: filters.state } : {}), ...(event ? { event } : {}) };
      const page = await data(client.GET('/api/minisites/{miniSiteId}/notices', { params: { path: { miniSiteId }, query }, signal }));
      return { rows: page.items, total: page.total };
    },
    { pageSize: PAGE, offset: filters.offset, setOffset: filters.setOffset },
  );
  const lastAnswer = (n: Notice) =>
    n.lastStatus !== null ? t('miniSiteNotices.status', { status: n.lastStatus }) : n.lastError ? n.lastError : t('miniSiteNotices.notTried');
  const columns: Column<Notice>[] = [
    { header: t('miniSiteNotices.order'), rowHeader: true, cell: (n) => <><span className="mono">{shortId(n.orderId)}</span><span className="sub">{f.dateTime(n.occurredAt)}</span></> },
    { header: t('miniSiteNotices.event'), cell: (n) => stateLabel(t, 'MiniSiteNoticeEvent', n.event) },
    { header: t('miniSiteNotices.state'), cell: (n) => <span className={`badge badge--${TONES[n.state]}`} data-testid="notice-state">{stateLabel(t, 'MiniSiteNoticeState', n.state)}</span> },
    { header: t('miniSiteNotices.tries'), num: true, cell: (n) => n.tries },
    {
      header: t('miniSiteNotices.lastAnswer'),
      cell: (n) => (
        <>
          {lastAnswer(n)}
          {n.state === 'pending' && n.nextAttemptAt && <span className="sub">{t('miniSiteNotices.nextTry', { at: f.dateTime(n.nextAttemptAt) })}</span>}
        </>
      ),
    },
    {
      header: t('miniSiteNotices.actions'),
      actions: true,
      cell: (n) => (
        <>
          <details>
            <summary>{t('miniSiteNotices.showLog')}</summary>
            <NoticeLog miniSiteId={miniSiteId} noticeId={n.id} />
          </details>
          {n.state !== 'pending' && (
            <button type="button" className="btn btn--ghost" onClick={() => setResend(n)} aria-label={t('miniSiteNotices.sendAgainFor', { order: shortId(n.orderId), event: stateLabel(t, 'MiniSiteNoticeEvent', n.event) })}>
              {t('miniSiteNotices.sendAgain')}
            </button>
          )}
        </>
      ),
    },
  ];
  return (
    <ListPage<Notice>
      title={t('miniSiteNotices.title')}
      frame={{ kind: 'page', subtitle: t('miniSiteNotices.subtitle') }}
      filters={
        <div className="filters">
          <SelectFilter<NoticeState> label={t('miniSiteNotices.state')} value={filters.state} options={STATES.map((s) => ({ value: s, label: stateLabel(t, 'MiniSiteNoticeState', s) }))} onChange={filters.setState} />
          <SelectFilter<NoticeEvent> label={t('miniSiteNotices.event')} value={event} options={EVENTS.map((e) => ({ value: e, label: stateLabel(t, 'MiniSiteNoticeEvent', e) }))} onChange={(v) => { setEvent(v); filters.setOffset(0); }} />
        </div>
      }
      list={list}
      count={(n) => t('miniSiteNotices.count', { count: n })}
      rowKey={(n) => n.id}
      columns={columns}
      empty={{ icon: '✉', title: t('miniSiteNotices.emptyTitle'), text: t('miniSiteNotices.emptyText') }}
      noMatch={filters.filtered || event ? { title: t('miniSiteNotices.noMatch'), action: <button type="button" className="btn btn--ghost" onClick={() => { filters.clear(); setEvent(''); }}>{t('common.clearFilters')}</button> } : null}
    >
      {resend && <SendAgain miniSiteId={miniSiteId} notice={resend} onClose={() => setResend(null)} />}
    </ListPage>
  );
}

function SendAgain({ miniSiteId, notice, onClose }: { miniSiteId: string; notice: Notice; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const send = useMutation({
    mutationFn: () => data(client.POST('/api/minisites/{miniSiteId}/notices/{noticeId}/send-again', { params: { path: { miniSiteId, noticeId: notice.id } } })),
    onSuccess: () => {
      announce(t('miniSiteNotices.queued'));
      void qc.invalidateQueries({ queryKey: key(miniSiteId) });
      onClose();
    },
  });
  return (
    <ConfirmDialog open title={t('miniSiteNotices.sendAgainTitle')} confirmLabel={t('miniSiteNotices.sendAgain')} busy={send.isPending} error={send.error} onConfirm={() => send.mutate()} onClose={onClose}>
      <p>{t('miniSiteNotices.sendAgainText', { order: shortId(notice.orderId), event: stateLabel(t, 'MiniSiteNoticeEvent', notice.event) })}</p>
    </ConfirmDialog>
  );
}

function NoticeLog({ miniSiteId, noticeId }: { miniSiteId: string; noticeId: string }) {
  const q = useQuery({
    queryKey: [...key(miniSiteId), 'detail', noticeId],
    queryFn: ({ signal }) => data(client.GET('/api/minisites/{miniSiteId}/notices/{noticeId}', { params: { path: { miniSiteId, noticeId } }, signal })),
  });
  return <TryLog query={q} texts="miniSiteNotices" />;
}
