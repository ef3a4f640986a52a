import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';
import type { Store } from '../lib/types.ts';

export function StoreFacts({ store }: { store: Store }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows: [string, string][] = [
    [t('store.facts.entity'), store.legalEntity.name],
    [t('store.facts.registration'), store.legalEntity.registrationNumber],
    [t('store.facts.subjectType'), t(`subjectType.${store.legalEntity.subjectType}`)],
    [t('store.facts.storeType'), t(`storeType.${store.storeType}`)],
    [t('store.facts.owner'), store.ownerEmail],
    [t('store.facts.created'), f.dateTime(store.createdAt)],
    [t('store.facts.opened'), store.openedAt ? f.dateTime(store.openedAt) : '—'],
  ];
  return <FactList rows={rows} />;
}

/** Labelled values in a grid: "Created  3 May 2026". */
export function FactList({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
