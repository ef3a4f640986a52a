// The store's webhook endpoints: a notice for each one disabled after a day of failures, the form to add one (its
// secret shown once), and the list with disable/enable, a new secret, delete, and a link to each endpoint's delivery log.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { CardSection } from '../components/CardSection.tsx';
import { ConfirmRowDialog } from '../components/ConfirmDialog.tsx';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { useStoreContext } from './StorePage.tsx';
import { endpointsKey, useEndpoints } from './queries.ts';
import { EndpointFields, WebhookSecret, type Endpoint, type EndpointForm } from './webhook-parts.tsx';

export function Webhooks() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const path = { storeId: store.id };
  const query = useEndpoints(store.id);
  const [formKey, setFormKey] = useState(0);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [disabling, setDisabling] = useState<Endpoint | null>(null);
  const [rotating, setRotating] = useState<Endpoint | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: endpointsKey(store.id) });
  const create = useMutation({
    mutationFn: (body: EndpointForm) => data(client.POST('/api/merchant/stores/{storeId}/webhooks', { params: { path }, body })),
    onSuccess: (e) => {
      setSecret({ url: e.url, secret: e.secret });
      setFormKey((k) => k + 1);
      refresh();
    },
  });
  const disable = useMutation({
    mutationFn: (e: Endpoint) => data(client.POST('/api/merchant/stores/{storeId}/webhooks/{endpointId}/disable', { params: { path: { ...path, endpointId: e.id } } })),
    onSuccess: () => { setDisabling(null); announce(t('webhooks.disabled')); refresh(); },
  });
  const enable = useMutation({
    mutationFn: (e: Endpoint) => data(client.POST('/api/merchant/stores/{storeId}/webhooks/{endpointId}/enable', { params: { path: { ...path, endpointId: e.id } } })),
    onSuccess: () => { announce(t('webhooks.enabled')); refresh(); },
  });
  const rotate = useMutation({
    mutationFn: (e: Endpoint) => data(client.POST('/api/merchant/stores/{storeId}/webhooks/{endpointId}/secret', { params: { path: { ...path, endpointId: e.id } } })),
    onSuccess: (e) => { setRotating(null); setSecret({ url: e.url, secret: e.secret }); refresh(); },
  });
  const remove = useMutation({
    mutationFn: (e: Endpoint) => data(client.DELETE('/api/merchant/stores/{storeId}/webhooks/{endpointId}', { params: { path: { ...path, endpointId: e.id } } })),
    onSuccess: () => { setDeleting(null); announce(t('webhooks.deleted')); refresh(); },
  });
  const columns: Column<Endpoint>[] = [
    { header: t('webhooks.url'), rowHeader: true, cell: (e) => <><span className="mono">{e.url}</span>{e.description && <span className="sub">{e.description}</span>}</> },
    { header: t('webhooks.events'), className: 'small', cell: (e) => e.events.map((s) => <code key={s}>{s} </code>) },
    {
      header: t('webhooks.state'),
      cell: (e) => (
        <>
          <span className={`badge badge--${e.state === 'active' ? 'success' : 'danger'}`} data-testid="endpoint-state">{stateLabel(t, 'WebhookEndpointState', e.state)}</span>
          {e.disabledReason && <span className="sub">{stateLabel(t, 'WebhookDisabledReason', e.disabledReason)}</span>}
          {e.state === 'active' && e.failingSince && <span className="sub">{t('webhooks.failingSince', { at: f.dateTime(e.failingSince) })}</span>}
        </>
      ),
    },
    { header: t('webhooks.secretHint'), cell: (e) => <code>…{e.secretHint}</code> },
    {
      header: t('webhooks.log.actions'),
      actions: true,
      cell: (e) => (
        <>
          <Link to={e.id} className="btn btn--ghost btn--sm" aria-label={t('webhooks.deliveriesFor', { url: e.url })}>{t('webhooks.deliveries')}</Link>
          {e.state === 'active' ? (
            <button type="button" className="btn btn--danger-outline btn--sm" onClick={() => setDisabling(e)} aria-label={t('webhooks.disableOne', { url: e.url })}>{t('webhooks.disable')}</button>
          ) : (
            <button type="button" className="btn btn--sm" disabled={enable.isPending} onClick={() => enable.mutate(e)} aria-label={t('webhooks.enableOne', { url: e.url })}>{t('webhooks.enable')}</button>
          )}
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setRotating(e)} aria-label={t('webhooks.rotateOne', { url: e.url })}>{t('webhooks.rotate')}</button>
          <button type="button" className="btn btn--danger-outline btn--sm" onClick={() => setDeleting(e)} aria-label={t('webhooks.deleteOne', { url: e.url })}>{t('webhooks.delete')}</button>
        </>
      ),
    },
  ];
  return (
    <>
      {(query.data?.items ?? []).filter((e) => e.disabledReason === 'failing').map((e) => (
        <p key={e.id} className="alert alert--error" role="alert" data-testid="webhook-failing">
          {t('webhooks.failingNotice', { url: e.url, date: f.dateTime(e.disabledAt!) })}
        </p>
      ))}
      <CardSection id="webhooks-h" title={t('webhooks.title')} intro={t('webhooks.text')}>
        <h3>{t('webhooks.add')}</h3>
        <EndpointFields key={formKey} initial={{ url: '', description: '', events: [] }} submitLabel={t('webhooks.create')} busy={create.isPending} error={create.error} onSubmit={(body) => create.mutate(body)} />
        {secret && <WebhookSecret url={secret.url} secret={secret.secret} onDone={() => setSecret(null)} />}
        <ProblemAlert error={enable.error} />
        <QueryBoundary query={query}>
          {(list) =>
            list.items.length === 0 ? (
              <EmptyState title={t('webhooks.empty')}>{t('webhooks.emptyText')}</EmptyState>
            ) : (
              <DataTable rows={list.items} rowKey={(e) => e.id} columns={columns} />
            )
          }
        </QueryBoundary>
      </CardSection>
      <ConfirmRowDialog row={disabling} action={disable} title={t('webhooks.disable')} confirmLabel={t('webhooks.disable')} onClose={() => setDisabling(null)}>
        {(e) => t('webhooks.disableText', { url: e.url })}
      </ConfirmRowDialog>
      <ConfirmRowDialog row={deleting} action={remove} title={t('webhooks.delete')} confirmLabel={t('webhooks.delete')} onClose={() => setDeleting(null)}>
        {(e) => t('webhooks.deleteText', { url: e.url })}
      </ConfirmRowDialog>
      <ConfirmRowDialog row={rotating} action={rotate} title={t('webhooks.rotate')} confirmLabel={t('webhooks.rotate')} onClose={() => setRotating(null)}>
        {(e) => t('webhooks.rotateText', { url: e.url })}
      </ConfirmRowDialog>
    </>
  );
}
