import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
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
      <DemoLogins
        onPick={(login, demoPassword) => {
          setEmail(login);
          setPassword(demoPassword);
        }}
      />
    </AuthLayout>
  );
}

/** Every demo account, by role, when the server has demo data (GET /api/demo/logins answers none otherwise); choosing
 *  one fills in the form. */
function DemoLogins({ onPick }: { onPick: (email: string, password: string) => void }) {
  const { t } = useTranslation();
  const demo = useQuery({ queryKey: ['demo-logins'], staleTime: Infinity, queryFn: ({ signal }) => data(client.GET('/api/demo/logins', { signal })) }).data;
  const password = demo?.password;
  if (!demo || !password || demo.logins.length === 0) return null;
  const roles = [...new Set(demo.logins.map((l) => l.role))];
  return (
    <details className="demo-hint">
      <summary>{t('auth.demo.title', { count: demo.logins.length })}</summary>
      <p>
        {t('auth.demo.text')} <code className="demo-hint__password">{password}</code>
        <br />
        {t('auth.demo.pick')}
      </p>
      <dl className="demo-hint__logins">
        {roles.map((role) => (
          <div key={role}>
            <dt>{t(`roles.${role}`)}</dt>
            <dd>
              <ul>
                {demo.logins
                  .filter((l) => l.role === role)
                  .map((l) => (
                    <li key={l.email}>
                      <button type="button" className="demo-hint__login" aria-label={t('auth.demo.use', { email: l.email })} onClick={() => onPick(l.email, password)}>
                        {l.email}
                      </button>
                    </li>
                  ))}
              </ul>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
