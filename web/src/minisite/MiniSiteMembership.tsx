// The hosted mini-site's member sign-up section: each linked store's open program, side by side, with its Join.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { JoinMembership } from '../components/JoinMembership.tsx';
import { client, data } from '../lib/api.ts';

export function MiniSiteMembership({ miniSiteId }: { miniSiteId: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['mini-site-membership', miniSiteId],
    queryFn: ({ signal }) => data(client.GET('/api/storefront/mini-sites/{miniSiteId}/membership', { params: { path: { miniSiteId } }, signal })),
  });
  if (query.isPending) return null;
  if (!query.data?.length) return <p className="hosted__notice" role="note">{t('membership.join.noneOpen')}</p>;
  return (
    <div>
      {query.data.map((p) => (
        <div key={p.storeId}>
          <h3>{p.storeName}</h3>
          <JoinMembership storeId={p.storeId} storeName={p.storeName} via={{ source: 'mini_site', miniSiteId }} />
        </div>
      ))}
    </div>
  );
}
