// "Join" a store's member program: on the store page, the paid order page and the hosted mini-site. Shows nothing
// when the store has no open program; a member sees a link to their card; a visitor is asked to sign in first.
import { Link, useLocation, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session.tsx';
import { client, data } from '../lib/api.ts';
import { ProblemAlert } from './States.tsx';
import './membership.css';

type Source = { source: 'store' } | { source: 'after_purchase'; orderId: string } | { source: 'mini_site'; miniSiteId: string };

export const memberCardKey = (storeId: string) => ['member-card', storeId];

export function JoinMembership({ storeId, storeName, via }: { storeId: string; storeName?: string; via: Source }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const buyer = user?.role === 'buyer';
  const program = useQuery({
    queryKey: ['membership-program', storeId],
    queryFn: ({ signal }) => data(client.GET('/api/storefront/stores/{storeId}/membership', { params: { path: { storeId } }, signal })),
  });
  const mine = useQuery({
    queryKey: ['memberships'],
    queryFn: ({ signal }) => data(client.GET('/api/memberships', { signal })),
    enabled: buyer,
  });
  const join = useMutation({
    mutationFn: () => data(client.POST('/api/memberships/{storeId}/join', { params: { path: { storeId } }, body: via })),
    onSuccess: (r) => {
      qc.setQueryData(memberCardKey(storeId), r.card);
      void qc.invalidateQueries({ queryKey: ['memberships'] });
      void navigate(`/memberships/${storeId}`);
    },
  });
  if (!program.data?.enabled) return null;
  const member = mine.data?.some((m) => m.storeId === storeId);
  const name = storeName ?? '';
  return (
    <aside className="member-join" aria-label={t('membership.join.label', { store: name })}>
      <div>
        <strong>{member ? t('membership.join.youAreMember') : t('membership.join.title')}</strong>
        {!member && <p className="muted small">{t('membership.join.text', { points: program.data.pointsPerUnit, growth: program.data.growthPerUnit })}{program.data.hasSignupGift ? ` ${t('membership.join.gift')}` : ''}</p>}
        <ProblemAlert error={join.error} />
      </div>
      {member ? (
        <Link to={`/memberships/${storeId}`} className="btn">{t('membership.join.seeCard')}</Link>
      ) : buyer ? (
        <button type="button" className="btn btn--primary" disabled={join.isPending} onClick={() => join.mutate()}>{t('membership.join.button')}</button>
      ) : (
        <Link to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} className="btn btn--primary">{t('membership.join.signIn')}</Link>
      )}
    </aside>
  );
}
