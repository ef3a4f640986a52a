// Step 3: one upload per qualification the chosen categories ask for; the server checks type and size.
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import type { CategoryIndex } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import type { DocumentInfo, Names } from '../lib/types.ts';

export type UploadState = { status: 'uploading'; fileName: string } | { status: 'done'; doc: DocumentInfo } | { status: 'error'; error: unknown };

/** One document to upload: a category's qualification (its names), or one the store's checks need (`label`, `hint`). */
export type Needed = { kind: string; names: Names; mandatory: boolean; forCategories: Names[]; label?: string; hint?: string };

/** The qualifications the selected categories need, one per kind, mandatory first. */
export function neededDocuments(index: CategoryIndex, selected: number[]): Needed[] {
  const byKind = new Map<string, Needed>();
  for (const id of selected) {
    const leaf = index.byId.get(id)!;
    for (const q of index.qualificationsOf(id)) {
      const n = byKind.get(q.kind) ?? { kind: q.kind, names: q.names, mandatory: false, forCategories: [] };
      n.mandatory ||= q.mandatory;
      n.forCategories.push(leaf.names);
      byKind.set(q.kind, n);
    }
  }
  return [...byKind.values()].sort((a, b) => Number(b.mandatory) - Number(a.mandatory));
}

/** The documents the store's own checks need (a new entity's licence, a flagship's brand authorisation) first, then the categories'. */
export function withCheckDocuments(needed: Needed[], kinds: string[], label: (kind: string) => string, hint: string): Needed[] {
  const checks = kinds.map((kind) => ({ ...(needed.find((n) => n.kind === kind) ?? { kind, names: { en: kind, zh: kind, vi: kind }, forCategories: [] }), mandatory: true, label: label(kind), hint }));
  return [...checks, ...needed.filter((n) => !kinds.includes(n.kind))];
}

export function DocumentsStep({ needed, uploads, onFile }: { needed: Needed[]; uploads: Record<string, UploadState>; onFile: (kind: string, file: File) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (needed.length === 0) return <p className="alert alert--info">{t('merchant.docs.none')}</p>;
  return (
    <ul className="doc-steps">
      {needed.map((n) => {
        const u = uploads[n.kind];
        return (
          <li key={n.kind} className={`doc-step card${u?.status === 'done' ? ' doc-step--done' : ''}`}>
            <Field
              label={
                <>
                  {n.label ?? f.name(n.names)}{' '}
                  <span className={`tag ${n.mandatory ? 'tag--danger' : ''}`}>{n.mandatory ? t('common.required') : t('common.optional')}</span>
                </>
              }
              hint={`${n.hint ?? t('merchant.docs.for', { categories: n.forCategories.map((c) => f.name(c)).join(', ') })} · ${t('merchant.docs.types')}`}
            >
              {(p) => (
                // The browser's own file button speaks the browser's language: ours speaks the user's.
                <div className="file-pick">
                  <input
                    {...p}
                    className="file-pick__input"
                    type="file"
                    accept=".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp"
                    onChange={(e) => {
                      const file = e.target.files?.[0];
                      if (file) onFile(n.kind, file);
                      e.target.value = '';
                    }}
                  />
                  <label htmlFor={p.id} className="btn btn--sm file-pick__button" aria-hidden="true">
                    {u?.status === 'done' ? t('merchant.docs.replace') : t('merchant.docs.choose')}
                  </label>
                  <span className="muted small">{u?.status === 'done' ? u.doc.fileName : t('merchant.docs.noFile')}</span>
                </div>
              )}
            </Field>
            <div className="doc-step__status" aria-live="polite">
              {u?.status === 'uploading' && <span className="muted">{t('merchant.docs.uploading', { file: u.fileName })}</span>}
              {u?.status === 'done' && (
                <span className="ok">
                  ✓ {t('merchant.docs.uploaded', { file: u.doc.fileName, size: f.number(Math.ceil(u.doc.sizeBytes / 1024)) })}
                </span>
              )}
              {u?.status === 'error' && <ProblemAlert error={u.error} />}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
