import { useTranslation } from 'react-i18next';
import type { ApplicationStatus, Policy, StoreStatus } from '../lib/types.ts';

const TONES: Record<string, string> = {
  open: 'success',
  opening: 'info',
  closing: 'warning',
  closed: 'muted',
  in_review: 'info',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'muted',
  targeted: 'warning',
  paused: 'muted',
};

export function StoreStatusBadge({ status }: { status: StoreStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${TONES[status]}`}>{t(`status.store.${status}`)}</span>;
}

export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${TONES[status]}`}>{t(`status.application.${status}`)}</span>;
}

export function PolicyBadge({ policy }: { policy: Policy }) {
  const { t } = useTranslation();
  const tone = policy === 'open' ? 'success-soft' : TONES[policy];
  return <span className={`badge badge--${tone}`}>{t(`status.policy.${policy}`)}</span>;
}
