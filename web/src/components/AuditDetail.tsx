// What an audit entry is about, in the reader's language, from its structured fields (statuses, category, amount);
// the server's summary (written for the record, partly codes) only when there is nothing structured to show.
import { useTranslation } from 'react-i18next';
import { StoreStatusBadge } from './Badge.tsx';
import { useCategoryIndex } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import type { AuditEntry, StoreStatus } from '../lib/types.ts';

type Fields = { status?: string; categoryId?: number; amount?: number; reason?: string | null; days?: number } | null;

/** Actions whose summary is built from codes (store events, category codes): never shown as such. */
const CODED_SUMMARY = /^(store\.status_changed|category_application\.|store\.after_sales_window|payment\.)/;

export function AuditDetail({ entry: e }: { entry: AuditEntry }) {
  const f = useFormat();
  const { index } = useCategoryIndex();
  const before = e.before as Fields;
  const after = e.after as Fields;
  if (e.action === 'store.status_changed' && before?.status && after?.status)
    return (
      <span className="timeline__change">
        <StoreStatusBadge status={before.status as StoreStatus} /> → <StoreStatusBadge status={after.status as StoreStatus} />
      </span>
    );
  const categoryId = after?.categoryId ?? before?.categoryId;
  if (e.action.startsWith('category_application.') && categoryId != null && index) {
    const path = index.chain(categoryId).map((c) => f.name(c.names)).join(' › ');
    return <span>{path}</span>;
  }
  if (e.action.startsWith('deposit.') && after?.amount != null) return <span>{f.money(after.amount)}</span>;
  if (CODED_SUMMARY.test(e.action) || !e.summary) return null;
  return <span>{e.summary}</span>;
}

/** Who did it: a person's name, or the platform itself (the scheduler) in the reader's language. */
export function AuditActor({ entry: e }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  if (e.actorRole === 'system') return <>{t('roles.system')}</>;
  return (
    <>
      {e.actorName ?? t('audit.unknownActor')} ({t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })})
    </>
  );
}
