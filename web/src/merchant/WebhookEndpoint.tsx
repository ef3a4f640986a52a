// One webhook endpoint: change its URL, description and events, and its delivery log (event, state, tries, last
// answer; each delivery's tries on demand) with "send again" for a delivered or failed delivery.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { CardSection } from '../components/CardSection.tsx';
import { ConfirmRowDialog } from '../components/ConfirmDialog.tsx';
import { SelectFilter, useListFilters } from '../components/Filters.tsx';
import { ListPage, type Column } from '../components/list/ListPage.tsx';
import { usePagedList } from '../components/list/useList.ts';
import { QueryBoundary } from '../components/States.tsx';
import { TryLog } from '../components/TryLog.tsx';
import { client, data, type Schemas } from '../lib/api.ts';
import { enumValues } from '../lib/api/schema.ts';
import { useFormat } from '../lib/format.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { useStoreContext } from './StorePage.tsx';
import { endpointsKey } from './queries.ts';
import { EndpointFields } from './webhook-parts.tsx';

type Delivery = Schemas['WebhookDelivery'];
type DeliveryState = Schemas['WebhookDeliveryState'];
// One tone per state: a state the server adds does not compile until it has one here.
const TONES: Record<DeliveryState, string> = { pending: 'info', delivered: 'success', failed: 'danger' };
const STATES = enumValues.WebhookDeliveryState;

export function WebhookEndpoint() {
  const { store } = useStoreContext();
  const { endpointId = '' } = useParams();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const path = { storeId: store.id, endpointId };
  const endpoint = useQuery({
    queryKey: [...endpointsKey(store.id), endpointId],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/webhooks/{endpointId}', { params: { path }, signal })),
  });
  const save = useMutation({
    mutationFn: (body: { url: string; description: string; events: Schemas['WebhookEventSelection'][] }) =>
      data(client.PATCH('/api/merchant/stores/{storeId}/webhooks/{endpointId}', { params: { path }, body })),
    onSuccess: () => {
      announce(t('webhooks.saved'));
      void qc.invalidateQueries({ queryKey: endpointsKey(store.id) });
    },
  });
  return (
    <>
      <Link to={`/merchant/stores/${store.id}/webhooks`} className="back-link">
        ← {t('webhooks.back')}
      </Link>
      <QueryBoundary query={endpoint}>
        {(e) => (
          <CardSection id="webhook-h" title={t('webhooks.edit')} intro={<span className="mono">{e.url}</span>}>
            <EndpointFields initial={{ url: e.url, description: e.description, events: e.events }} submitLabel={t('webhooks.save')} busy={save.isPending} error={save.error} onSubmit={(body) => save.mutate(body)} />
          </CardSection>
        )}
      </QueryBoundary>
      <DeliveryLog storeId={store.id} endpointId={endpointId} />
    </>
  );
}

function DeliveryLog({ storeId, endpointId }: { storeId: string; endpointId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const path = { storeId, endpointId };
  const key = [...endpointsKey(storeId), endpointId, 'deliveries'];
  const filters = useListFilters<DeliveryState>(STATES);
  const [resend, setResend] = useState<Delivery | null>(null);
  const list = usePagedList<Delivery>(
    [...key, filters.state],
    async ({ limit, offset, signal }) => {
      const query = { limit, offset, ...(filters.state ? { state: filters.state } : {}) };
      const page = await data(client.GET('/api/merchant/stores/{storeId}/webhooks/{endpointId}/deliveries', { params: { path, query }, signal }));
      return { rows: page.items, total: page.total };
    },
    { pageSize: 20, offset: filters.offset, setOffset: filters.setOffset },
  );
  const send = useMutation({
    mutationFn: (d: Delivery) => data(client.POST('/api/merchant/stores/{storeId}/webhooks/{endpointId}/deliveries/{deliveryId}/send-again', { params: { path: { ...path, deliveryId: d.id } } })),
    onSuccess: () => {
      setResend(null);
      announce(t('webhooks.log.queued'));
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const lastAnswer = (d: Delivery) => (d.lastStatus !== null ? t('webhooks.log.status', { status: d.lastStatus }) : d.lastError ?? t('webhooks.log.notTried'));
  const columns: Column<Delivery>[] = [
    { header: t('webhooks.log.event'), rowHeader: true, cell: (d) => <><code>{d.event}</code><span className="sub">{f.dateTime(d.occurredAt)}</span></> },
    { header: t('webhooks.log.state'), cell: (d) => <span className={`badge badge--${TONES[d.state]}`} data-testid="delivery-state">{stateLabel(t, 'WebhookDeliveryState', d.state)}</span> },
    { header: t('webhooks.log.tries'), num: true, cell: (d) => d.tries },
    {
      header: t('webhooks.log.lastAnswer'),
      cell: (d) => (
        <>
          {lastAnswer(d)}
          {d.state === 'pending' && d.nextAttemptAt && <span className="sub">{t('webhooks.log.nextTry', { at: f.dateTime(d.nextAttemptAt) })}</span>}
        </>
      ),
    },
    {
      header: t('webhooks.log.actions'),
      actions: true,
      cell: (d) => (
        <>
          <details>
            <summary>{t('webhooks.log.showLog')}</summary>
            <Tries storeId={storeId} endpointId={endpointId} deliveryId={d.id} />
          </details>
          {d.state !== 'pending' && (
            <button type="button" className="btn btn--ghost" onClick={() => setResend(d)} aria-label={t('webhooks.log.sendAgainFor', { event: d.event, at: f.dateTime(d.occurredAt) })}>
              {t('webhooks.log.sendAgain')}
            </button>
          )}
        </>
      ),
    },
  ];
  return (
    <ListPage<Delivery>
      title={t('webhooks.log.title')}
      frame={{ kind: 'card' }}
      intro={<p className="muted small">{t('webhooks.log.subtitle')}</p>}
      filters={
        <div className="filters">
          <SelectFilter<DeliveryState> label={t('webhooks.log.state')} value={filters.state} options={STATES.map((s) => ({ value: s, label: stateLabel(t, 'WebhookDeliveryState', s) }))} onChange={filters.setState} />
        </div>
      }
      list={list}
      count={(n) => t('webhooks.log.count', { count: n })}
      rowKey={(d) => d.id}
      columns={columns}
      empty={{ icon: '✉', title: t('webhooks.log.emptyTitle'), text: t('webhooks.log.emptyText') }}
      noMatch={filters.filtered ? { title: t('webhooks.log.noMatch'), action: <button type="button" className="btn btn--ghost" onClick={filters.clear}>{t('common.clearFilters')}</button> } : null}
    >
      <ConfirmRowDialog row={resend} action={send} title={t('webhooks.log.sendAgainTitle')} confirmLabel={t('webhooks.log.sendAgain')} onClose={() => setResend(null)}>
        {(d) => t('webhooks.log.sendAgainText', { event: d.event })}
      </ConfirmRowDialog>
    </ListPage>
  );
}

function Tries({ storeId, endpointId, deliveryId }: { storeId: string; endpointId: string; deliveryId: string }) {
  const q = useQuery({
    queryKey: [...endpointsKey(storeId), endpointId, 'deliveries', 'detail', deliveryId],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/webhooks/{endpointId}/deliveries/{deliveryId}', { params: { path: { storeId, endpointId, deliveryId } }, signal })),
  });
  return <TryLog query={q} texts="webhooks.log" />;
}
