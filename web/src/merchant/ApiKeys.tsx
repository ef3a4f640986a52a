// API keys for the store's own systems: created keys are shown once, with a copy button.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ConfirmRowDialog } from '../components/ConfirmDialog.tsx';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { KEY_SCOPES, type KeyScope } from '../lib/permissions.ts';
import type { ApiKey } from '../lib/types.ts';
import { useStoreContext } from './StorePage.tsx';

export function ApiKeys() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = ['merchant', 'api-keys', store.id];
  const path = { storeId: store.id };
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/api-keys', { params: { path }, signal })) });
  const [name, setName] = useState('');
  // A key holds only the scopes chosen here; it can never manage staff or keys.
  const [scopes, setScopes] = useState<KeyScope[]>([]);
  const toggle = (p: KeyScope) => setScopes((cur) => (cur.includes(p) ? cur.filter((x) => x !== p) : [...cur, p]));
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const create = useMutation({
    mutationFn: () => data(client.POST('/api/merchant/stores/{storeId}/api-keys', { params: { path }, body: { name, scopes } })),
    onSuccess: (k) => {
      setCreated(k);
      setName('');
      setScopes([]);
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (k: ApiKey) => data(client.DELETE('/api/merchant/stores/{storeId}/api-keys/{keyId}', { params: { path: { ...path, keyId: k.id } } })),
    onSuccess: (k) => {
      setRevoking(null);
      announce(t('merchant.keys.revoked', { name: k.name }));
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      announce(t('merchant.keys.copied'));
    } catch {
      announce(t('merchant.keys.copyFailed'), 'error');
    }
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  const columns: Column<ApiKey>[] = [
    { header: t('merchant.keys.name'), rowHeader: true, cell: (k) => k.name },
    { header: t('merchant.keys.prefix'), cell: (k) => <code>{k.prefix}…</code> },
    { header: t('merchant.keys.scopes'), className: 'small', cell: (k) => k.scopes.map((p) => t(`permission.${p}`)).join(', ') },
    { header: t('merchant.keys.created'), cell: (k) => f.dateTime(k.createdAt) },
    { header: t('merchant.keys.lastUsed'), cell: (k) => (k.lastUsedAt ? f.dateTime(k.lastUsedAt) : t('merchant.keys.never')) },
    {
      header: t('merchant.keys.state'),
      cell: (k) => (k.revokedAt ? <span className="tag">{t('merchant.keys.revokedOn', { date: f.date(k.revokedAt) })}</span> : <span className="tag tag--success">{t('merchant.keys.active')}</span>),
    },
    {
      header: t('common.actions'),
      actions: true,
      cell: (k) =>
        !k.revokedAt && (
          <button type="button" className="btn btn--danger-outline btn--sm" onClick={() => setRevoking(k)} aria-label={t('merchant.keys.revokeOne', { name: k.name })}>
            {t('merchant.keys.revoke')}
          </button>
        ),
    },
  ];
  return (
    <section className="card" aria-labelledby="keys-h">
      <h2 id="keys-h">{t('merchant.keys.title')}</h2>
      <p className="muted">{t('merchant.keys.text')}</p>
      <form className="form" onSubmit={submit}>
        <Field label={t('merchant.keys.name')} hint={t('merchant.keys.nameHint')}>
          {(p) => <input {...p} required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <fieldset className="radio-row scopes">
          <legend>{t('merchant.keys.scopes')}</legend>
          <p className="muted small">{t('merchant.keys.scopesHint')}</p>
          {KEY_SCOPES.map((p) => (
            <label key={p} className="check">
              <input type="checkbox" checked={scopes.includes(p)} onChange={() => toggle(p)} />
              {t(`permission.${p}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn btn--primary" disabled={create.isPending || scopes.length === 0}>
          {t('merchant.keys.create')}
        </button>
      </form>
      <ProblemAlert error={create.error} />
      {created && (
        <div className="secret" role="status">
          <p className="secret__title">{t('merchant.keys.createdTitle', { name: created.name })}</p>
          <p className="small">{t('merchant.keys.onlyOnce')}</p>
          <div className="secret__row">
            <code className="secret__value" aria-label={t('merchant.keys.value')}>
              {created.key}
            </code>
            <button type="button" className="btn btn--sm" onClick={copy}>
              {t('merchant.keys.copy')}
            </button>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => setCreated(null)}>
              {t('merchant.keys.done')}
            </button>
          </div>
        </div>
      )}
      <QueryBoundary query={query}>
        {(keys) =>
          keys.length === 0 ? (
            <EmptyState title={t('merchant.keys.empty')}>{t('merchant.keys.emptyText')}</EmptyState>
          ) : (
            <DataTable rows={keys} rowKey={(k) => k.id} columns={columns} />
          )
        }
      </QueryBoundary>
      <ConfirmRowDialog row={revoking} action={revoke} title={t('merchant.keys.revoke')} confirmLabel={t('merchant.keys.revoke')} onClose={() => setRevoking(null)}>
        {(k) => t('merchant.keys.revokeText', { name: k.name })}
      </ConfirmRowDialog>
    </section>
  );
}
