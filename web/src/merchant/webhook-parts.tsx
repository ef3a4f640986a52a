// What the webhook screens share: the endpoint form (URL, description, events by group or one by one), the secret
// shown once.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyLink } from '../components/CopyLink.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import type { Schemas } from '../lib/api.ts';
import { enumValues } from '../lib/api/schema.ts';

export type Endpoint = Schemas['WebhookEndpoint'];
export type Selection = Schemas['WebhookEventSelection'];
export type EndpointForm = { url: string; description: string; events: Selection[] };
const SELECTIONS = enumValues.WebhookEventSelection;
const GROUPS = SELECTIONS.filter((s) => s.endsWith('.*'));
const EVENTS = SELECTIONS.filter((s) => !s.endsWith('.*'));

export function EndpointFields({ initial, submitLabel, busy, error, onSubmit }: { initial: EndpointForm; submitLabel: string; busy: boolean; error: unknown; onSubmit: (f: EndpointForm) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const toggle = (s: Selection) => setForm((f) => ({ ...f, events: f.events.includes(s) ? f.events.filter((x) => x !== s) : [...f.events, s] }));
  const check = (s: Selection, label: ReactNode) => (
    <label key={s} className="check">
      <input type="checkbox" checked={form.events.includes(s)} onChange={() => toggle(s)} />
      {label}
    </label>
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit({ ...form, url: form.url.trim(), description: form.description.trim() });
  }
  return (
    <form className="form" onSubmit={submit}>
      <Field label={t('webhooks.url')} hint={t('webhooks.urlHint')}>
        {(p) => <input {...p} type="url" required maxLength={2000} value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} placeholder="https://erp.example.com/trio/webhooks" />}
      </Field>
      <Field label={t('webhooks.description')} hint={t('webhooks.descriptionHint')} optional optionalText={t('common.optional')}>
        {(p) => <input {...p} maxLength={200} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />}
      </Field>
      <fieldset className="radio-row scopes">
        <legend>{t('webhooks.events')}</legend>
        <p className="muted small">{t('webhooks.eventsHint')}</p>
        {GROUPS.map((g) => check(g, <>{t(`webhooks.groups.${g}`)} <code>{g}</code></>))}
        <details>
          <summary>{t('webhooks.singleEvents')}</summary>
          {EVENTS.map((e) => check(e, <code>{e}</code>))}
        </details>
      </fieldset>
      <button type="submit" className="btn btn--primary" disabled={busy || form.events.length === 0}>
        {submitLabel}
      </button>
      <ProblemAlert error={error} />
    </form>
  );
}

/** The signing secret right after it is made (creation or a new one): shown this once. */
export function WebhookSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="secret" role="status" data-testid="webhook-secret">
      <p className="secret__title">{t('webhooks.secretTitle', { url })}</p>
      <p className="alert alert--warning small">{t('webhooks.secretOnce')}</p>
      <CopyLink url={secret} label={t('webhooks.secretValue')} copyLabel={t('webhooks.copy')} />
      <button type="button" className="btn btn--ghost btn--sm" onClick={onDone}>
        {t('webhooks.done')}
      </button>
    </div>
  );
}
