// A mini-site's settings: name, language, allowed origins and callback URL; the app secret (rotate with
// confirmation, the new one shown once); the owners (add a merchant account by e-mail, remove one but never the last).
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ConfirmDialog, ConfirmRowDialog } from '../components/ConfirmDialog.tsx';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { useSession } from '../auth/session.tsx';
import { miniSiteKey, miniSitesKey, splitOrigins, type MiniSite } from './queries.ts';
import { useMiniSiteContext } from './MiniSitePage.tsx';
import { SecretOnce } from './SecretOnce.tsx';
import { SettingsFields, type SettingsDraft } from './SettingsFields.tsx';

type Owner = MiniSite['owners'][number];

const draftOf = (m: MiniSite): SettingsDraft => ({ name: m.name, defaultLocale: m.defaultLocale, origins: m.allowedOrigins.join('\n'), callbackUrl: m.callbackUrl ?? '' });

export function MiniSiteSettings() {
  const { miniSite } = useMiniSiteContext();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const { user } = useSession();
  const path = { miniSiteId: miniSite.id };
  const [draft, setDraft] = useState(() => draftOf(miniSite));
  const fresh = (m: MiniSite) => {
    qc.setQueryData(miniSiteKey(m.id), m);
    void qc.invalidateQueries({ queryKey: miniSitesKey, exact: true });
  };
  const save = useMutation({
    mutationFn: () =>
      data(client.PATCH('/api/minisites/{miniSiteId}', {
        params: { path },
        body: { name: draft.name, defaultLocale: draft.defaultLocale, allowedOrigins: splitOrigins(draft.origins), callbackUrl: draft.callbackUrl.trim() || null },
      })),
    onSuccess: (m) => {
      fresh(m);
      setDraft(draftOf(m));
      announce(t('miniSites.settings.saved'), 'success');
    },
  });
  const [confirmRotate, setConfirmRotate] = useState(false);
  const rotate = useMutation({
    mutationFn: () => data(client.POST('/api/minisites/{miniSiteId}/secret', { params: { path } })),
    onSuccess: (r) => {
      setConfirmRotate(false);
      fresh(r.miniSite);
    },
  });
  const [email, setEmail] = useState('');
  const add = useMutation({
    mutationFn: () => data(client.POST('/api/minisites/{miniSiteId}/owners', { params: { path }, body: { email } })),
    onSuccess: (m) => {
      fresh(m);
      announce(t('miniSites.owners.added', { email }), 'success');
      setEmail('');
    },
  });
  const [removing, setRemoving] = useState<Owner | null>(null);
  const remove = useMutation({
    mutationFn: ({ userId }: Owner) => data(client.DELETE('/api/minisites/{miniSiteId}/owners/{userId}', { params: { path: { ...path, userId } } })),
    onSuccess: (m, { userId }) => {
      setRemoving(null);
      // Removing oneself: the mini-site is no longer this account's to see.
      if (userId === user?.id) void qc.invalidateQueries({ queryKey: miniSitesKey });
      else fresh(m);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  function submitOwner(e: FormEvent) {
    e.preventDefault();
    add.mutate();
  }
  const ownerColumns: Column<Owner>[] = [
    { header: t('miniSites.owners.name'), rowHeader: true, cell: (o) => o.displayName },
    { header: t('miniSites.owners.email'), cell: (o) => o.email },
    { header: t('miniSites.owners.addedAt'), cell: (o) => f.date(o.addedAt) },
    {
      header: t('common.actions'),
      actions: true,
      cell: (o) =>
        miniSite.owners.length > 1 && (
          <button type="button" className="btn btn--danger-outline btn--sm" onClick={() => setRemoving(o)} aria-label={t('miniSites.owners.removeOne', { email: o.email })}>
            {t('miniSites.owners.remove')}
          </button>
        ),
    },
  ];
  return (
    <>
      <section className="card" aria-labelledby="ms-settings-h">
        <h2 id="ms-settings-h">{t('miniSites.settings.title')}</h2>
        <form className="form" onSubmit={submit}>
          <SettingsFields draft={draft} onChange={setDraft} />
          <ProblemAlert error={save.error} />
          <button type="submit" className="btn btn--primary" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </form>
      </section>

      <section className="card" aria-labelledby="ms-secret-h">
        <h2 id="ms-secret-h">{t('miniSites.settings.secretTitle')}</h2>
        <p className="muted">{t('miniSites.settings.secretText', { date: f.dateTime(miniSite.secretRotatedAt) })}</p>
        {rotate.data ? (
          <SecretOnce secret={rotate.data.secret} appId={miniSite.appId} onDone={() => rotate.reset()} />
        ) : (
          <button type="button" className="btn btn--danger-outline" onClick={() => setConfirmRotate(true)}>
            {t('miniSites.settings.rotate')}
          </button>
        )}
      </section>

      <section className="card" aria-labelledby="ms-owners-h">
        <h2 id="ms-owners-h">{t('miniSites.owners.title')}</h2>
        <DataTable rows={miniSite.owners} rowKey={(o) => o.userId} columns={ownerColumns} />
        <form className="form form--inline" onSubmit={submitOwner}>
          <Field label={t('miniSites.owners.email')} hint={t('miniSites.owners.emailHint')}>
            {(p) => <input {...p} type="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <button type="submit" className="btn" disabled={add.isPending}>
            {t('miniSites.owners.add')}
          </button>
        </form>
        <ProblemAlert error={add.error} />
      </section>

      <ConfirmDialog
        open={confirmRotate}
        title={t('miniSites.settings.rotate')}
        confirmLabel={t('miniSites.settings.rotate')}
        danger
        busy={rotate.isPending}
        error={rotate.error}
        onConfirm={() => rotate.mutate()}
        onClose={() => setConfirmRotate(false)}
      >
        {t('miniSites.settings.rotateText')}
      </ConfirmDialog>
      <ConfirmRowDialog row={removing} action={remove} title={t('miniSites.owners.remove')} confirmLabel={t('miniSites.owners.remove')} onClose={() => setRemoving(null)}>
        {(o) => t('miniSites.owners.removeText', { email: o.email })}
      </ConfirmRowDialog>
    </>
  );
}
