// The buyer's member card in one store (/memberships/:storeId): level, progress to the next, points and when the
// nearest expire, the levels, and the history.
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { memberCardKey } from '../components/JoinMembership.tsx';
import { MemberHistory } from '../components/MemberHistory.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { ApiError, client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import '../components/membership.css';

export function MemberCard() {
  const { storeId = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const query = useQuery({
    queryKey: memberCardKey(storeId),
    queryFn: ({ signal }) => data(client.GET('/api/memberships/{storeId}', { params: { path: { storeId } }, signal })),
    retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
  });
  if (query.error instanceof ApiError && query.error.status === 404)
    return (
      <EmptyState icon="☆" title={t('membership.card.notMember')} action={<Link to={`/s/${storeId}`} className="btn btn--primary">{t('membership.card.toStore')}</Link>} />
    );
  return (
    <QueryBoundary query={query}>
      {(c) => (
        <div className="member-page">
          <h1>{t('membership.card.title', { store: c.storeName })}</h1>
          <section className="member-card" aria-label={t('membership.card.summary')}>
            <p>{t('membership.card.level', { level: c.level, name: c.levelName })}</p>
            <p className="member-card__points">{t('membership.card.points', { count: c.points })}</p>
            {c.nearestExpiry && <p className="small">{t('membership.card.expiry', { count: c.nearestExpiry.points, date: f.date(c.nearestExpiry.expiresAt) })}</p>}
            <p className="small">{t('membership.card.growth', { growth: f.number(c.growth) })}</p>
            {c.nextLevel ? (
              <>
                <progress max={c.nextLevel.growthRequired} value={Math.min(c.growth, c.nextLevel.growthRequired)} aria-label={t('membership.card.progress')} />
                <p className="small">{t('membership.card.next', { missing: f.number(c.nextLevel.missing), level: c.nextLevel.level })}</p>
              </>
            ) : (
              <p className="small">{t('membership.card.top')}</p>
            )}
          </section>
          <section className="card" aria-labelledby="levels-h">
            <h2 id="levels-h">{t('membership.card.levels')}</h2>
            <ul>
              {c.program.levels.map((l) => (
                <li key={l.level}>
                  {t('membership.card.levelLine', { level: l.level, name: l.name, growth: f.number(l.growthRequired) })}
                  {l.priceBp < 10000 && ` · ${t('membership.card.levelPrice', { share: f.bp(l.priceBp) })}`}
                </li>
              ))}
            </ul>
            <p className="muted small">{t('membership.card.rules', { points: c.program.pointsPerUnit, growth: c.program.growthPerUnit, days: c.program.pointsValidDays })}</p>
          </section>
          <section className="card" aria-labelledby="history-h">
            <h2 id="history-h">{t('membership.history')}</h2>
            <MemberHistory events={c.events} />
          </section>
          <p><Link to={`/s/${storeId}`}>{t('membership.card.toStore')}</Link></p>
        </div>
      )}
    </QueryBoundary>
  );
}
