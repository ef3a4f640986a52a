import { useTranslation } from 'react-i18next';
import type { ApplicationStatus, EntityClaimStatus, Policy, StoreStatus } from '../lib/types.ts';
import type { OrderState } from '../lib/orders.ts';
import { GIFT_TONES, type GiftState } from '../lib/gifts.ts';

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

export const ENTITY_CLAIM_TONES: Record<EntityClaimStatus, string> = { documents_required: 'warning', in_review: 'info', granted: 'success', rejected: 'danger', withdrawn: 'muted' };

export function EntityClaimBadge({ status }: { status: EntityClaimStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${ENTITY_CLAIM_TONES[status]}`}>{t(`tenancy.status.${status}`)}</span>;
}

export function PolicyBadge({ policy }: { policy: Policy }) {
  const { t } = useTranslation();
  const tone = policy === 'open' ? 'success-soft' : TONES[policy];
  return <span className={`badge badge--${tone}`}>{t(`status.policy.${policy}`)}</span>;
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
