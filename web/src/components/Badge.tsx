import { useTranslation } from 'react-i18next';
import type { ApplicationStatus, EntityClaimStatus, Policy, StoreStatus } from '../lib/types.ts';
import type { OrderState } from '../lib/orders.ts';
import { GIFT_TONES, type GiftState } from '../lib/gifts.ts';
import { stateLabel } from '../lib/state-labels.ts';

// One tone per state: a state the server adds does not compile until it has one here.
const STORE_TONES: Record<StoreStatus, string> = { open: 'success', opening: 'info', closing: 'warning', closed: 'muted' };
const APPLICATION_TONES: Record<ApplicationStatus, string> = { in_review: 'info', approved: 'success', rejected: 'danger', withdrawn: 'muted' };
const POLICY_TONES: Record<Policy, string> = { open: 'success-soft', targeted: 'warning', paused: 'muted' };

export function StoreStatusBadge({ status }: { status: StoreStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${STORE_TONES[status]}`}>{stateLabel(t, 'StoreStatus', status)}</span>;
}

export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${APPLICATION_TONES[status]}`}>{stateLabel(t, 'ApplicationStatus', status)}</span>;
}

export const ENTITY_CLAIM_TONES: Record<EntityClaimStatus, string> = { documents_required: 'warning', in_review: 'info', granted: 'success', rejected: 'danger', withdrawn: 'muted' };

export function EntityClaimBadge({ status }: { status: EntityClaimStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${ENTITY_CLAIM_TONES[status]}`}>{stateLabel(t, 'EntityClaimStatus', status)}</span>;
}

export function PolicyBadge({ policy }: { policy: Policy }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${POLICY_TONES[policy]}`}>{t(`status.policy.${policy}`)}</span>;
}

const ORDER_TONES: Record<OrderState, string> = {
  awaiting_payment: 'warning',
  awaiting_shipment: 'info',
  partly_shipped: 'info',
  awaiting_receipt: 'info',
  completed: 'success',
  cancelled: 'muted',
  closed_refunded: 'muted',
};

export function OrderStateBadge({ state }: { state: OrderState }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${ORDER_TONES[state] ?? 'muted'}`}>{t(`orders.state.${state}`)}</span>;
}

export function GiftStateBadge({ state }: { state: GiftState }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${GIFT_TONES[state] ?? 'muted'}`}>{t(`gifts.state.${state}`)}</span>;
}
