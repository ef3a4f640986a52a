import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ConsoleShell } from '../components/Shell.tsx';
import { client, data } from '../lib/api.ts';
import { useDisputeCount } from './Disputes.tsx';
import { useEntityClaims } from './EntityClaims.tsx';
import { useWithdrawalCount } from './Withdrawals.tsx';
import { useRefundsWaitingCount } from './RefundsWaiting.tsx';

export const reviewQueueKey = (status: string) => ['operator', 'applications', status] as const;

export function OperatorLayout() {
  const { t } = useTranslation();
  const queue = useQuery({
    queryKey: reviewQueueKey('in_review'),
    queryFn: ({ signal }) => data(client.GET('/api/operator/applications', { params: { query: { status: 'in_review', limit: 1 } }, signal })),
  });
  const products = useQuery({
    queryKey: ['operator', 'product-reviews'],
    queryFn: ({ signal }) => data(client.GET('/api/operator/product-reviews', { params: { query: { limit: 1 } }, signal })),
  });
  const disputes = useDisputeCount();
  const claims = useEntityClaims('in_review');
  const withdrawals = useWithdrawalCount();
  const refundsWaiting = useRefundsWaitingCount();
  return (
    <ConsoleShell
      area={t('operator.area')}
      home="/operator"
      nav={[
        { to: '/operator/applications', label: t('operator.nav.applications'), badge: queue.data?.total },
        { to: '/operator/products', label: t('catalog.review.nav'), badge: products.data?.total },
        { to: '/operator/entity-claims', label: t('tenancy.queue.nav'), badge: claims.data?.length },
        { to: '/operator/categories', label: t('operator.nav.categories') },
        { to: '/operator/stores', label: t('operator.nav.stores') },
        { to: '/operator/analytics', label: t('analytics.nav') },
        { to: '/operator/disputes', label: t('aftersales.desk.nav'), badge: disputes },
        { to: '/operator/withdrawals', label: t('withdrawals.desk.nav'), badge: withdrawals },
        { to: '/operator/refunds-waiting', label: t('profitSharing.desk.nav'), badge: refundsWaiting },
        { to: '/operator/ledger', label: t('orders.ledger.nav') },
        { to: '/operator/exchange-rates', label: t('rates.nav') },
        { to: '/operator/audit', label: t('operator.nav.audit') },
      ]}
    />
  );
}
