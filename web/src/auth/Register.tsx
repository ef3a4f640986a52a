import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { ApiError, client, type Role } from '../lib/api.ts';
import { currentLang } from '../i18n/index.ts';
import { keepNext, nextFor } from './next.ts';
import { useSession } from './session.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export function Register() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [role, setRole] = useState<Exclude<Role, 'operator'>>('buyer');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fe = (f: string) => (error instanceof ApiError ? error.fieldError(f) : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await client.POST('/api/auth/register', { body: { role, displayName, email, password, locale: currentLang() } });
      const user = await signIn(email, password);
      navigate(nextFor(user.role, params.get('next')), { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <AuthLayout title={t('auth.registerTitle')}>
      <form onSubmit={submit} className="form">
        <ProblemAlert error={error} />
        <fieldset className="choice-cards">
          <legend>{t('auth.iWantTo')}</legend>
          {(['buyer', 'merchant'] as const).map((r) => (
            <label key={r} className={`choice-card${role === r ? ' choice-card--checked' : ''}`}>
              <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
              <span className="choice-card__title">{t(`auth.roleChoice.${r}.title`)}</span>
              <span className="choice-card__text">{t(`auth.roleChoice.${r}.text`)}</span>
            </label>
          ))}
        </fieldset>
        <Field label={t('auth.displayName')} error={fe('displayName')}>
          {(p) => <input {...p} autoComplete="name" required maxLength={60} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field label={t('auth.email')} error={fe('email') ?? (error instanceof ApiError && error.code === 'email_taken' ? t('auth.emailTaken') : undefined)}>
          {(p) => <input {...p} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t('auth.password')} hint={t('auth.passwordHint')} error={fe('password')}>
          {(p) => <input {...p} type="password" autoComplete="new-password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? t('auth.creating') : t('auth.createAccount')}
        </button>
      </form>
      <p className="auth__switch">
        {t('auth.haveAccount')} <Link to={`/signin${keepNext(params.get('next'))}`}>{t('auth.signIn')}</Link>
      </p>
    </AuthLayout>
  );
}
