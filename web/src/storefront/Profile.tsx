// The buyer's profile: display name, birth year, gender, city and city tier.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { ApiError, client, data } from '../lib/api.ts';
import { CITY_TIERS, GENDERS, type CityTier, type Gender } from '../lib/types.ts';
import type { DisplayChoice } from '../lib/catalog.ts';
import { useCurrencyOptions } from './CurrencySwitcher.tsx';

export function Profile() {
  const { t } = useTranslation();
  const { user, updateUser, signOut } = useSession();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [birthYear, setBirthYear] = useState(user?.birthYear ? String(user.birthYear) : '');
  const [gender, setGender] = useState<Gender | ''>(user?.gender ?? '');
  const [city, setCity] = useState(user?.city ?? '');
  const [cityTier, setCityTier] = useState<CityTier | ''>(user?.cityTier ?? '');
  const [display, setDisplay] = useState<DisplayChoice | ''>(user?.displayCurrency ?? '');
  const currencies = useCurrencyOptions(display && display !== 'none' ? display : undefined);
  const save = useMutation({
    mutationFn: () =>
      data(client.PATCH('/api/me', {
        body: {
          displayName,
          birthYear: birthYear ? Number(birthYear) : null,
          gender: gender || null,
          city: city.trim() || null,
          cityTier: cityTier || null,
          displayCurrency: display || null,
        },
      })),
    onSuccess: (u) => {
      updateUser(u);
      announce(t('profile.saved'));
    },
  });
  const fe = (f: string) => (save.error instanceof ApiError ? save.error.fieldError(f) : undefined);
  if (!user) return null;
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  return (
    <>
      <div className="profile-head">
        <span className="avatar avatar--lg" aria-hidden="true">
          {Array.from(user.displayName)[0]}
        </span>
        <div>
          <h1 className="shop__title">{t('profile.title')}</h1>
          <p className="muted small">{user.email}</p>
        </div>
      </div>
      <form className="card form" onSubmit={submit}>
        <ProblemAlert error={save.error} />
        <Field label={t('profile.displayName')} error={fe('displayName')}>
          {(p) => <input {...p} required maxLength={60} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field label={t('profile.birthYear')} optional optionalText={t('common.optional')} error={fe('birthYear')}>
          {(p) => <input {...p} type="number" inputMode="numeric" min={1900} max={2030} value={birthYear} onChange={(e) => setBirthYear(e.target.value)} />}
        </Field>
        <Field label={t('profile.gender')} optional optionalText={t('common.optional')}>
          {(p) => (
            <select {...p} value={gender} onChange={(e) => setGender(e.target.value as Gender | '')}>
              <option value="">{t('profile.notSaying')}</option>
              {GENDERS.map((g) => (
                <option key={g} value={g}>
                  {t(`profile.genders.${g}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('profile.city')} optional optionalText={t('common.optional')} error={fe('city')}>
          {(p) => <input {...p} maxLength={80} autoComplete="address-level2" value={city} onChange={(e) => setCity(e.target.value)} />}
        </Field>
        <Field label={t('profile.cityTier')} optional optionalText={t('common.optional')} hint={t('profile.cityTierHint')}>
          {(p) => (
            <select {...p} value={cityTier} onChange={(e) => setCityTier(e.target.value as CityTier | '')}>
              <option value="">{t('profile.notSaying')}</option>
              {CITY_TIERS.map((c) => (
                <option key={c} value={c}>
                  {t(`cityTier.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('approx.choose')} hint={t('approx.note')}>
          {(p) => (
            <select {...p} value={display} onChange={(e) => setDisplay(e.target.value as DisplayChoice | '')}>
              <option value="">{t('approx.byLanguage')}</option>
              <option value="none">{t('approx.none')}</option>
              {currencies.map((c) => (
                <option key={c} value={c}>
                  ≈ {c}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="btn btn--primary btn--block" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('profile.save')}
        </button>
      </form>
      <button
        type="button"
        className="btn btn--ghost btn--block signout"
        onClick={() => {
          navigate('/');
          void signOut();
        }}
      >
        {t('auth.signOut')}
      </button>
    </>
  );
}
