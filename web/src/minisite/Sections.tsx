// The mini-site console's sections editor (/minisites/:miniSiteId/sections): add, edit, hide, delete and reorder the
// draft's sections (buttons, or Alt + arrow keys on a section), texts per language with a language switch, and a live
// preview beside it (a tab on a phone) that renders the draft, unsaved edits included, with the visitors' page
// component. Publish makes the draft what visitors of /m/<slug> see.
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Field } from '../components/Field.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { Segmented } from '../components/Segmented.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { ImageUploadField } from '../merchant/ImageUpload.tsx';
import { ApiError, client, data, type Schemas } from '../lib/api.ts';
import { enumValues } from '../lib/api/schema.ts';
import { useFormat } from '../lib/format.ts';
import { HostedSections, type SectionView } from './HostedPage.tsx';
import { ActivityPicker } from './ActivityPicker.tsx';
import { ProductPicker } from './ProductPicker.tsx';
import './hosted.css';

type Draft = Schemas['SectionsDraft'];
type DraftSection = Schemas['DraftSection'];
type Kind = Schemas['SectionKind'];
type Locale = Schemas['SiteLocale'];
type Texts = { title: string; subtitle: string; body: string };
type TextField = keyof Texts;
/** What the form holds: every field as the inputs show it. */
type FormState = { id?: string; kind: Kind; visible: boolean; imageId: string | null; productIds: string; storeId: string; couponIds: string; activityId: string; content: Record<Locale, Texts> };

const KINDS: readonly Kind[] = enumValues.SectionKind;
const LOCALES: readonly Locale[] = enumValues.SiteLocale;
const FIELDS: Record<Kind, TextField[]> = {
  hero: ['title', 'subtitle'], story: ['title', 'body'], featured: ['title'], coupons: ['title'], membership: ['title', 'body'], gift: ['title', 'body'], store: ['title'],
};
/** Most products a featured section holds (the server's MAX_FEATURED_PRODUCTS). */
const MAX_FEATURED = 12;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const draftKey = (id: string) => ['minisite-sections', id] as const;
const emptyTexts = (): Texts => ({ title: '', subtitle: '', body: '' });
/** Ids typed or pasted one per line (a product link is as good as its id). */
const idLines = (text: string) => text.split(/[\s,]+/).map((l) => UUID.exec(l)?.[0]).filter((x): x is string => !!x);

function formOf(s: DraftSection): FormState {
  const content = Object.fromEntries(LOCALES.map((l) => [l, { ...emptyTexts(), ...s.content[l] }])) as Record<Locale, Texts>;
  return {
    id: s.id, kind: s.kind, visible: s.visible, imageId: s.data.imageId ?? null, productIds: (s.data.productIds ?? []).join('\n'),
    storeId: s.data.storeId ?? '', couponIds: (s.data.couponIds ?? []).join('\n'), activityId: s.data.activityId ?? '', content,
  };
}
function newForm(kind: Kind): FormState {
  return { kind, visible: true, imageId: null, productIds: '', storeId: '', couponIds: '', activityId: '', content: { en: emptyTexts(), zh: emptyTexts(), vi: emptyTexts() } };
}

/** The request body: only the languages written (and always the default one, which the server asks for). */
function bodyOf(f: FormState, defaultLocale: Locale): Schemas['SectionInput'] {
  const content: Partial<Record<Locale, Partial<Texts>>> = {};
  for (const l of LOCALES) {
    const texts = Object.fromEntries(FIELDS[f.kind].map((k) => [k, f.content[l][k]]));
    if (l === defaultLocale || Object.values(texts).some((v) => v.trim())) content[l] = texts;
  }
  const data = {
    hero: { imageId: f.imageId }, story: {}, featured: { productIds: idLines(f.productIds) }, coupons: { storeId: f.storeId.trim(), couponIds: idLines(f.couponIds) },
    membership: {}, gift: { activityId: f.activityId.trim() }, store: { storeId: f.storeId.trim() },
  }[f.kind];
  return { kind: f.kind, visible: f.visible, data, content } as Schemas['SectionInput'];
}

/** A draft section as a visitor in `lang` would read it (the server's rule: that language if written, else the default). */
function viewOf(s: DraftSection, lang: Locale, defaultLocale: Locale): SectionView {
  const written = (l: Locale) => Object.values(s.content[l] ?? {}).some((v) => typeof v === 'string' && v.trim());
  const used = written(lang) ? lang : defaultLocale;
  const texts = s.content[used] ?? {};
  const d = s.data;
  return {
    id: s.id, kind: s.kind, lang: used, title: texts.title ?? '', subtitle: texts.subtitle ?? '', body: texts.body ?? '',
    image: d.imageId ? { id: d.imageId, width: 1600, height: 600, urls: { thumb: `/api/m/images/${d.imageId}/thumb`, large: `/api/m/images/${d.imageId}/large` } } : null,
    productIds: d.productIds ?? [], storeId: d.storeId ?? null, couponIds: d.couponIds ?? [], activityId: d.activityId ?? null,
  };
}

export function Sections() {
  const { miniSiteId = '' } = useParams();
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: draftKey(miniSiteId),
    queryFn: ({ signal }) => data(client.GET('/api/minisites/{miniSiteId}/sections', { params: { path: { miniSiteId } }, signal })),
  });
  return (
    <section className="card" aria-labelledby="sections-h">
      {!query.data && <h2 id="sections-h">{t('hostedSite.editor.sections')}</h2>}
      <QueryBoundary query={query}>{(draft) => <Editor draft={draft} />}</QueryBoundary>
    </section>
  );
}

function Editor({ draft }: { draft: Draft }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const site = draft.miniSite;
  const path = { miniSiteId: site.id };
  const [form, setForm] = useState<FormState | null>(null);
  const [lang, setLang] = useState<Locale>(site.defaultLocale);
  const [addKind, setAddKind] = useState<Kind>('hero');
  const [pane, setPane] = useState<'edit' | 'preview'>('edit');
  const [deleting, setDeleting] = useState<DraftSection | null>(null);
  const refresh = (d?: Draft) => (d ? qc.setQueryData(draftKey(site.id), d) : void qc.invalidateQueries({ queryKey: draftKey(site.id) }));

  const save = useMutation({
    mutationFn: (f: FormState) => {
      const body = bodyOf(f, site.defaultLocale);
      return f.id
        ? data(client.PUT('/api/minisites/{miniSiteId}/sections/{sectionId}', { params: { path: { ...path, sectionId: f.id } }, body }))
        : data(client.POST('/api/minisites/{miniSiteId}/sections', { params: { path }, body }));
    },
    onSuccess: () => {
      setForm(null);
      refresh();
      announce(t('hostedSite.editor.saved'));
    },
  });
  const reorder = useMutation({
    mutationFn: (sectionIds: string[]) => data(client.POST('/api/minisites/{miniSiteId}/sections/reorder', { params: { path }, body: { sectionIds } })),
    onSuccess: (d, ids) => {
      refresh(d);
      const moved = ids.findIndex((id, i) => draft.sections[i]?.id !== id);
      if (moved >= 0) announce(t('hostedSite.editor.moved', { n: moved + 1 }));
    },
    onError: () => refresh(),
  });
  const remove = useMutation({
    mutationFn: (s: DraftSection) => data(client.DELETE('/api/minisites/{miniSiteId}/sections/{sectionId}', { params: { path: { ...path, sectionId: s.id } } })),
    onSuccess: () => {
      setDeleting(null);
      refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (s: DraftSection) => data(client.PUT('/api/minisites/{miniSiteId}/sections/{sectionId}', { params: { path: { ...path, sectionId: s.id } }, body: bodyOf({ ...formOf(s), visible: !s.visible }, site.defaultLocale) })),
    onSuccess: () => refresh(),
  });
  const publish = useMutation({
    mutationFn: () => data(client.POST('/api/minisites/{miniSiteId}/sections/publish', { params: { path } })),
    onSuccess: (d) => {
      refresh(d);
      announce(t('hostedSite.editor.published'));
    },
  });

  const move = (index: number, by: -1 | 1) => {
    const ids = draft.sections.map((s) => s.id);
    const to = index + by;
    if (to < 0 || to >= ids.length) return;
    [ids[index], ids[to]] = [ids[to], ids[index]];
    reorder.mutate(ids);
  };
  const onItemKey = (e: KeyboardEvent, index: number) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    move(index, e.key === 'ArrowUp' ? -1 : 1);
  };

  // The preview: the draft's visible sections, the one being edited as it stands in the form.
  const previewSections = (form && !form.id ? [...draft.sections, { id: 'new', position: draft.sections.length, updatedAt: '', ...bodyOf(form, site.defaultLocale) } as DraftSection] : draft.sections)
    .map((s) => (form && s.id === (form.id ?? 'new') ? ({ ...s, ...bodyOf(form, site.defaultLocale) } as DraftSection) : s))
    .filter((s) => s.visible)
    .map((s) => viewOf(s, lang, site.defaultLocale));
  const pageUrl = `${location.origin}/m/${site.slug}`;
  const state = draft.publishedVersion === 0 ? 'never' : draft.unpublishedChanges ? 'changes' : 'upToDate';
  const langLabel = (l: Locale) => (l === site.defaultLocale ? t('hostedSite.editor.defaultLanguage', { lang: t(`hostedSite.language.${l}`) }) : t(`hostedSite.language.${l}`));

  return (
    <>
      <div className="card__head">
        <div>
          <h2 id="sections-h">{t('hostedSite.editor.title', { name: site.name })}</h2>
          <p className="muted small">{t('hostedSite.editor.intro', { url: pageUrl })}</p>
        </div>
        <div className="section-item__actions">
          <span className={`badge badge--${state === 'upToDate' ? 'success' : 'info'}`} data-testid="publish-state">{t(`hostedSite.editor.state.${state}`)}</span>
          <a className="btn btn--sm" href={`/m/${site.slug}`} target="_blank" rel="noopener">{t('hostedSite.editor.open')}</a>
          <button type="button" className="btn btn--primary btn--sm" disabled={publish.isPending || state === 'upToDate'} onClick={() => publish.mutate()}>
            {publish.isPending ? t('hostedSite.editor.publishing') : t('hostedSite.editor.publish')}
          </button>
        </div>
      </div>
      {draft.publishedVersion > 0 && draft.publishedAt && (
        <p className="muted small" data-testid="published-by">
          {t('miniSiteRules.publishedBy', { version: draft.publishedVersion, date: f.dateTime(draft.publishedAt), name: draft.publishedByName ?? '—' })}
        </p>
      )}
      <ProblemAlert error={publish.error ?? reorder.error ?? toggle.error} />
      <Segmented label={t('hostedSite.editor.textsIn')} value={lang} options={LOCALES.map((l) => ({ value: l, label: langLabel(l) }))} onChange={setLang} />
      <div className="sections-editor__tabs" role="group" aria-label={t('hostedSite.editor.preview')}>
        <button type="button" className="btn btn--sm" aria-pressed={pane === 'edit'} onClick={() => setPane('edit')}>{t('hostedSite.editor.editTab')}</button>
        <button type="button" className="btn btn--sm" aria-pressed={pane === 'preview'} onClick={() => setPane('preview')}>{t('hostedSite.editor.preview')}</button>
      </div>
      <div className="sections-editor">
        <div className="sections-editor__pane" hidden={pane !== 'edit'}>
          {draft.sections.length === 0 && !form && <EmptyState icon="✦" title={t('hostedSite.editor.empty')} />}
          <ol className="section-list" aria-describedby="reorder-hint">
            {draft.sections.map((s, i) => {
              const v = viewOf(s, lang, site.defaultLocale);
              return (
                <li key={s.id} className={`section-item${s.visible ? '' : ' section-item--hidden'}`} tabIndex={0} onKeyDown={(e) => onItemKey(e, i)} aria-label={`${i + 1}. ${t(`hostedSite.kind.${s.kind}`)} ${v.title}`}>
                  <div className="section-item__text">
                    <strong>{t(`hostedSite.kind.${s.kind}`)}</strong> {v.title && <span>· {v.title}</span>}{' '}
                    {!s.visible && <span className="badge badge--muted">{t('hostedSite.editor.hidden')}</span>}
                  </div>
                  <div className="section-item__actions">
                    <button type="button" className="btn btn--sm btn--ghost" disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)} aria-label={`${t('hostedSite.editor.up')}: ${i + 1}`}>↑</button>
                    <button type="button" className="btn btn--sm btn--ghost" disabled={i === draft.sections.length - 1 || reorder.isPending} onClick={() => move(i, 1)} aria-label={`${t('hostedSite.editor.down')}: ${i + 1}`}>↓</button>
                    <label className="small">
                      <input type="checkbox" checked={s.visible} disabled={toggle.isPending} onChange={() => toggle.mutate(s)} /> {t('hostedSite.editor.visible')}
                    </label>
                    <button type="button" className="btn btn--sm" onClick={() => setForm(formOf(s))}>{t('hostedSite.editor.edit')}</button>
                    <button type="button" className="btn btn--sm btn--danger-outline" onClick={() => setDeleting(s)}>{t('hostedSite.editor.delete')}</button>
                  </div>
                </li>
              );
            })}
          </ol>
          <p id="reorder-hint" className="muted small">{t('hostedSite.editor.reorderHint')}</p>
          {form ? (
            <SectionForm key={form.id ?? 'new'} form={form} setForm={setForm} lang={lang} langLabel={langLabel} miniSiteId={site.id} busy={save.isPending} error={save.error}
              onSubmit={() => save.mutate(form)} onCancel={() => { setForm(null); save.reset(); }} />
          ) : (
            <div className="section-item__actions">
              <label className="small">
                {t('hostedSite.editor.addKind')}{' '}
                <select value={addKind} onChange={(e) => setAddKind(e.target.value as Kind)}>
                  {KINDS.map((k) => <option key={k} value={k}>{t(`hostedSite.kind.${k}`)}</option>)}
                </select>
              </label>
              <button type="button" className="btn btn--primary btn--sm" onClick={() => setForm(newForm(addKind))}>+ {t('hostedSite.editor.add')}</button>
            </div>
          )}
        </div>
        <div className="sections-editor__pane" hidden={pane !== 'preview'}>
          <h3 className="small muted">{t('hostedSite.editor.previewOf', { lang: t(`hostedSite.language.${lang}`) })}</h3>
          <div className="sections-editor__preview" data-testid="preview" lang={lang}>
            <HostedSections page={{ miniSite: site, lang, sections: previewSections }} />
          </div>
        </div>
      </div>
      <ConfirmDialog open={!!deleting} title={t('hostedSite.editor.deleteTitle')} confirmLabel={t('hostedSite.editor.delete')} danger busy={remove.isPending} error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)} onClose={() => setDeleting(null)}>
        {t('hostedSite.editor.deleteText')}
      </ConfirmDialog>
    </>
  );
}

function SectionForm({ form, setForm, lang, langLabel, miniSiteId, busy, error, onSubmit, onCancel }: {
  form: FormState; setForm: (f: FormState) => void; lang: Locale; langLabel: (l: Locale) => string; miniSiteId: string; busy: boolean; error: unknown; onSubmit: () => void; onCancel: () => void;
}) {
  const { t } = useTranslation();
  const fieldError = (f: string) => (error instanceof ApiError ? error.fieldError(f) : undefined);
  const setText = (k: TextField, v: string) => setForm({ ...form, content: { ...form.content, [lang]: { ...form.content[lang], [k]: v } } });
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm({ ...form, [k]: v });
  const written = FIELDS[form.kind].some((k) => form.content[lang][k].trim());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  const labels: Record<TextField, string> = { title: t('hostedSite.editor.titleField'), subtitle: t('hostedSite.editor.subtitle'), body: t('hostedSite.editor.body') };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="section-form-h">
      <h3 id="section-form-h">{t(`hostedSite.kind.${form.kind}`)} · {langLabel(lang)}</h3>
      {!written && <p className="muted small">{t('hostedSite.editor.languageMissing')}</p>}
      {FIELDS[form.kind].map((k) => (
        <Field key={`${lang}-${k}`} label={labels[k]} hint={form.kind === 'story' && k === 'body' ? t('hostedSite.editor.storyHint') : undefined} error={fieldError(`${lang}.${k}`)}>
          {(p) => (k === 'body'
            ? <textarea {...p} rows={form.kind === 'story' ? 8 : 3} lang={lang} value={form.content[lang][k]} onChange={(e) => setText(k, e.target.value)} />
            : <input {...p} lang={lang} value={form.content[lang][k]} maxLength={k === 'title' ? 80 : 200} onChange={(e) => setText(k, e.target.value)} />)}
        </Field>
      ))}
      {form.kind === 'hero' && (
        <>
          <ImageUploadField miniSiteId={miniSiteId} label={t('hostedSite.editor.image')} hint={t('hostedSite.editor.imageHint')} onUploaded={(id) => set('imageId', id)} />
          {form.imageId && (
            <p>
              <img src={`/api/m/images/${form.imageId}/thumb`} alt="" width={120} />{' '}
              <button type="button" className="btn btn--sm btn--ghost" onClick={() => set('imageId', null)}>{t('hostedSite.editor.removeImage')}</button>
            </p>
          )}
        </>
      )}
      {form.kind === 'featured' && (
        <ProductPicker miniSiteId={miniSiteId} ids={idLines(form.productIds)} onChange={(ids) => set('productIds', ids.join('\n'))} max={MAX_FEATURED} error={fieldError('productIds')} />
      )}
      {(form.kind === 'store' || form.kind === 'coupons') && (
        <Field label={t('hostedSite.editor.store')} error={fieldError('storeId')}>
          {(p) => <input {...p} value={form.storeId} onChange={(e) => set('storeId', e.target.value)} />}
        </Field>
      )}
      {form.kind === 'coupons' && (
        <Field label={t('hostedSite.editor.coupons')} hint={t('hostedSite.editor.couponsHint')} error={fieldError('couponIds')}>
          {(p) => <textarea {...p} rows={2} value={form.couponIds} onChange={(e) => set('couponIds', e.target.value)} />}
        </Field>
      )}
      {form.kind === 'gift' && <ActivityPicker miniSiteId={miniSiteId} value={form.activityId} onChange={(id) => set('activityId', id)} error={fieldError('activityId')} />}
      {form.kind === 'membership' && <p className="muted small">{t('hostedSite.editor.membershipHint')}</p>}
      <label className="small">
        <input type="checkbox" checked={form.visible} onChange={(e) => set('visible', e.target.checked)} /> {t('hostedSite.editor.visible')}
      </label>
      <ProblemAlert error={error} />
      <FormActions busy={busy} label={t('hostedSite.editor.save')} onCancel={onCancel} />
    </form>
  );
}
