import { useTranslation } from 'react-i18next';

/** "store.status_changed" -> the translated words for it (falls back to the raw action). */
export function useAuditAction() {
  const { t } = useTranslation();
  return (action: string) => t(`audit.action.${action.replace(/\./g, '_')}`, { defaultValue: action });
}

export const KNOWN_ACTIONS = [
  'store.apply',
  'store.status_changed',
  'store.staff_added',
  'store.invitation_sent',
  'store.invitation_accepted',
  'store.invitation_declined',
  'store.invitation_revoked',
  'store.member_role_changed',
  'store.member_removed',
  'category_application.auto_approved',
  'category_application.submitted',
  'category_application.approve',
  'category_application.reject',
  'category_application.withdraw',
  'deposit.payment',
  'deposit.deduction',
  'deposit.refund',
  'category.update',
  'category.bulk_set_policy',
  'category.bulk_cut_deposit',
  'category.bulk_zero_deposit',
  'category.bulk_clear_zero_deposit',
  'api_key.created',
  'api_key.revoked',
  'price.change',
  'product.review_pass',
  'product.review_fail',
  'product.delist',
  'product.relist',
  'product.delist_violation',
  'product.reinstate',
  'product.ban',
];
