// A link's state as a badge (one tone per state: a state the server adds does not compile until it has one here).
import { useTranslation } from 'react-i18next';
import { stateLabel } from '../lib/state-labels.ts';
import type { MiniSiteLink, MiniSiteLinkState } from './queries.ts';

const TONES: Record<MiniSiteLinkState, string> = { pending: 'warning', linked: 'success', rejected: 'danger', expired: 'muted', cancelled: 'muted', unlinked: 'muted' };

export function LinkBadge({ state }: { state: MiniSiteLinkState }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${TONES[state]}`} data-testid="link-state">{stateLabel(t, 'MiniSiteLinkState', state)}</span>;
}

/** Which side ended a link (the store or the mini-site), under its end time; nothing when Trio expired it. */
export function LinkEndedSide({ link }: { link: MiniSiteLink }) {
  const { t } = useTranslation();
  if (!link.endedSide) return null;
  return <div className="muted small" data-testid="link-ended-side">{stateLabel(t, 'MiniSiteLinkSide', link.endedSide)}</div>;
}
