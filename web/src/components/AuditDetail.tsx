// What an audit entry is about, in the reader's language, from its structured fields (statuses, category, amount);
// the server's summary (written for the record, partly codes) only when there is nothing structured to show.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { StoreStatusBadge } from './Badge.tsx';
import { useCategoryIndex } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import type { AuditEntry, StoreStatus } from '../lib/types.ts';

type Fields = { status?: string; categoryId?: number; amount?: number; reason?: string | null; days?: number } | null;

/** Actions whose summary the server writes as "<store name>: <code or count>": the name stays, the code goes. */
const CODED_SUMMARY = /^(store\.status_changed|category_application\.|store\.after_sales_window)/;
const CODE = /^[a-z][a-z0-9]*(?:[._][a-z0-9]+)+$/;

function plainSummary(e: AuditEntry): string | null {
  if (!e.summary || CODE.test(e.summary)) return null;
  if (!CODED_SUMMARY.test(e.action)) return e.summary;
  if (e.action === 'store.after_sales_window') return e.summary.replace(/: .*$/, '');
  return e.summary.replace(/: [a-z][a-z0-9]*(?:[._][a-z0-9]+)*(?= \(|$)/, '') || null;
}

export function AuditDetail({ entry: e }: { entry: AuditEntry }) {
  const f = useFormat();
  const { index } = useCategoryIndex();
  const before = e.before as Fields;
  const after = e.after as Fields;
  const summary = plainSummary(e);
  const categoryId = after?.categoryId ?? before?.categoryId;
  let detail: ReactNode = null;
  if (e.action === 'store.status_changed' && before?.status && after?.status)
    detail = (
      <span className="timeline__change">
        <StoreStatusBadge status={before.status as StoreStatus} /> → <StoreStatusBadge status={after.status as StoreStatus} />
      </span>
    );
  else if (e.action.startsWith('category_application.') && categoryId != null && index) detail = <span>{index.chain(categoryId).map((c) => f.name(c.names)).join(' › ')}</span>;
  else if (e.action.startsWith('deposit.') && after?.amount != null) detail = <span>{f.money(after.amount)}</span>;
  if (!detail) return summary ? <span>{summary}</span> : null;
  return (
    <>
      {detail}
      {summary && <span> · {summary}</span>}
    </>
  );
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
