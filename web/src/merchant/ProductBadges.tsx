import { useTranslation } from 'react-i18next';
import type { DraftState, LiveState } from '../lib/catalog.ts';
import { stateLabel } from '../lib/state-labels.ts';

const LIVE_TONE: Record<LiveState, string> = {
  not_live: 'muted',
  listed: 'success',
  delisted_by_merchant: 'muted',
  sold_out: 'warning',
  delisted_violation: 'danger',
  delisted_deposit: 'warning',
  banned: 'danger',
};
const DRAFT_TONE: Record<DraftState, string> = { new: 'muted', editing: 'info', in_review: 'info', review_failed: 'danger', review_passed: 'success' };

export function LiveBadge({ state }: { state: LiveState }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${LIVE_TONE[state]}`}>{stateLabel(t, 'LiveState', state)}</span>;
}
export function DraftBadge({ state }: { state: DraftState }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${DRAFT_TONE[state]}`}>{stateLabel(t, 'DraftState', state)}</span>;
}
