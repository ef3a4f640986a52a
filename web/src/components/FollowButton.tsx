// Follow a store's service account: on the store page, after a purchase (the order page), after a gift claim. Says
// so when the buyer already follows; unfollowing is in the inbox.
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session.tsx';
import { useFollow, useFollowStore, type FollowSource } from '../lib/inbox.ts';

type Props = { storeId: string; storeName: string; source: FollowSource; orderId?: string; /** A line saying why (after a purchase or a gift). */ pitch?: string };

export function FollowButton({ storeId, storeName, source, orderId, pitch }: Props) {
  const { t } = useTranslation();
  const { user } = useSession();
  const isBuyer = user?.role === 'buyer';
  const follow = useFollow(storeId, isBuyer);
  const act = useFollowStore(storeId);
  if (!isBuyer || follow.isPending || follow.isError) return null;
  const following = follow.data.following;
  return (
    <div className="follow" data-testid="follow">
      {pitch && !following && <p className="small">{pitch}</p>}
      {following ? (
        <p className="small muted" role="status">✓ {t('service.follow.followed', { store: storeName })}</p>
      ) : (
        <button type="button" className="btn btn--sm btn--primary" disabled={act.isPending} onClick={() => act.mutate({ source, ...(orderId ? { orderId } : {}) })}>
          {t('service.follow.follow')}
        </button>
      )}
      {act.isError && <p className="field__error" role="alert">{t('service.follow.failed')}</p>}
    </div>
  );
}
