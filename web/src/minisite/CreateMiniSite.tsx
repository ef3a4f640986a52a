// Creating a mini-site: its name, the slug of its hosted address, language, origins and callback URL; then the app
// secret, shown this once.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { miniSitesKey, splitOrigins } from './queries.ts';
import { SecretOnce } from './SecretOnce.tsx';
import { SettingsFields, type SettingsDraft } from './SettingsFields.tsx';

export function CreateMiniSite() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [slug, setSlug] = useState('');
  const [draft, setDraft] = useState<SettingsDraft>({ name: '', defaultLocale: i18n.language === 'zh' || i18n.language === 'vi' ? i18n.language : 'en', origins: '', callbackUrl: '' });
  const create = useMutation({
    mutationFn: () =>
      data(client.POST('/api/minisites', {
        body: { name: draft.name, slug, defaultLocale: draft.defaultLocale, allowedOrigins: splitOrigins(draft.origins), callbackUrl: draft.callbackUrl.trim() || null },
      })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: miniSitesKey }),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  const done = create.data;
  return (
    <>
      <PageHeader back={{ to: '/minisites', label: t('miniSites.title') }} title={t('miniSites.create')} />
      <section className="card">
        {done ? (
          <>
            <h2>{t('miniSites.created', { name: done.miniSite.name })}</h2>
            <SecretOnce secret={done.secret} appId={done.miniSite.appId} />
            <p>
              <Link to={`/minisites/${done.miniSite.id}`} className="btn btn--primary">
                {t('miniSites.open')}
              </Link>
            </p>
          </>
        ) : (
          <form className="form" onSubmit={submit}>
            <SettingsFields draft={draft} onChange={setDraft} />
            <Field label={t('miniSites.field.slug')} hint={t('miniSites.field.slugHint')}>
              {(p) => (
                <input {...p} required minLength={3} maxLength={40} pattern="[a-z0-9][a-z0-9\-]{1,38}[a-z0-9]" className="mono" value={slug} onChange={(e) => setSlug(e.target.value.toLowerCase())} />
              )}
            </Field>
            <ProblemAlert error={create.error} />
            <button type="submit" className="btn btn--primary" disabled={create.isPending}>
              {create.isPending ? t('common.saving') : t('miniSites.create')}
            </button>
          </form>
        )}
      </section>
    </>
  );
}
