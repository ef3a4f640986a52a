// Every try of one delivery (an order notice, a webhook), oldest first: when, the HTTP status or the error, how long.
// `texts` is where the caller's translations keep `status`, `duration`, `notTried` and `logTitle`.
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from './States.tsx';
import { useFormat } from '../lib/format.ts';

type Try = { triedAt: string; durationMs: number; status: number | null; error: string | null };
type Query = { isPending: boolean; error: unknown; data?: { log: Try[] }; refetch: () => unknown };

export function TryLog({ query, texts }: { query: Query; texts: 'miniSiteNotices' | 'webhooks.log' }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data.log.length) return <p>{t(`${texts}.notTried`)}</p>;
  return (
    <ol className="timeline" aria-label={t(`${texts}.logTitle`)}>
      {query.data.log.map((x, i) => (
        <li key={i}>
          <span>{f.dateTime(x.triedAt)}</span>{' '}
          <strong>{x.status !== null ? t(`${texts}.status`, { status: x.status }) : x.error}</strong>{' '}
          <span className="sub">{t(`${texts}.duration`, { ms: x.durationMs })}</span>
        </li>
      ))}
    </ol>
  );
}
