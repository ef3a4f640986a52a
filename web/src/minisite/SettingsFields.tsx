// The settings a mini-site's owners choose, shared by creation and the settings page: name, default language,
// allowed origins (one per line) and the callback URL.
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { stateLabel } from '../lib/state-labels.ts';
import { MINI_SITE_LOCALES, type MiniSiteLocale } from './queries.ts';

export type SettingsDraft = { name: string; defaultLocale: MiniSiteLocale; origins: string; callbackUrl: string };

export function SettingsFields({ draft, onChange }: { draft: SettingsDraft; onChange: (d: SettingsDraft) => void }) {
  const { t } = useTranslation();
  const set = <K extends keyof SettingsDraft>(k: K, v: SettingsDraft[K]) => onChange({ ...draft, [k]: v });
  return (
    <>
      <Field label={t('miniSites.field.name')}>
        {(p) => <input {...p} required maxLength={100} value={draft.name} onChange={(e) => set('name', e.target.value)} />}
      </Field>
      <Field label={t('miniSites.field.locale')}>
        {(p) => (
          <select {...p} value={draft.defaultLocale} onChange={(e) => set('defaultLocale', e.target.value as MiniSiteLocale)}>
            {MINI_SITE_LOCALES.map((l) => (
              <option key={l} value={l}>
                {stateLabel(t, 'MiniSiteLocale', l)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('miniSites.field.origins')} hint={t('miniSites.field.originsHint')} optional optionalText={t('common.optional')}>
        {(p) => <textarea {...p} rows={3} className="mono" spellCheck={false} value={draft.origins} onChange={(e) => set('origins', e.target.value)} placeholder="https://brand.example" />}
      </Field>
      <Field label={t('miniSites.field.callbackUrl')} hint={t('miniSites.field.callbackHint')} optional optionalText={t('common.optional')}>
        {(p) => <input {...p} type="url" className="mono" maxLength={2000} value={draft.callbackUrl} onChange={(e) => set('callbackUrl', e.target.value)} placeholder="https://brand.example/trio/notices" />}
      </Field>
    </>
  );
}
