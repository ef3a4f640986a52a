import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Lang } from '../i18n/index.ts';
import { client, loadSession } from '../lib/api.ts';

/** Visible on every screen; the choice is remembered in this browser (and in the profile when signed in). */
export function LanguageSwitcher({ compact }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className={`lang-switch${compact ? ' lang-switch--compact' : ''}`}>
      <label htmlFor={id}>
        <GlobeIcon />
        <span className={compact ? 'visually-hidden' : ''}>{t('common.language')}</span>
      </label>
      <select
        id={id}
        value={i18n.language}
        onChange={(e) => {
          const lang = e.target.value as Lang;
          void setLanguage(lang);
          if (loadSession()) void client.PATCH('/api/me', { body: { locale: lang } }).catch(() => {});
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.tag}>
            {l.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function GlobeIcon() {
  return (
    <svg className="lang-switch__globe" aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="1.8">
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z" />
    </svg>
  );
}
