import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { keepNext, nextFor } from './next.ts';
import { useSession } from './session.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export function SignIn() {
  const { t } = useTranslation();
  const { signIn, expired } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(email, password);
      navigate(nextFor(user.role, params.get('next')), { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <AuthLayout title={t('auth.signInTitle')}>
      {(expired || params.get('expired') === '1') && !error && (
        <p className="alert alert--info" role="status">
          {t('auth.sessionExpired')}
        </p>
      )}
      <form onSubmit={submit} className="form" noValidate={false}>
        <ProblemAlert error={error} />
        <Field label={t('auth.email')}>
          {(p) => <input {...p} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t('auth.password')}>
          {(p) => <input {...p} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
      <p className="auth__switch">
        {t('auth.noAccount')} <Link to={`/register${keepNext(params.get('next'))}`}>{t('auth.createAccount')}</Link>
      </p>
      <details className="demo-hint">
        <summary>{t('auth.demo.title')}</summary>
        <p>{t('auth.demo.text')}</p>
        <ul>
          <li><code>operator@trio.demo</code> — {t('roles.operator')}</li>
          <li><code>tea@trio.demo</code> — {t('roles.merchant')}</li>
          <li><code>lin@trio.demo</code> — {t('roles.buyer')}</li>
        </ul>
      </details>
    </AuthLayout>
  );
}
