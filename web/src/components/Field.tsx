import { useId, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The browser's own validation bubbles speak the browser's language; these speak the user's. */
function validationMessage(t: TFunction, el: Control): string {
  const v = el.validity;
  if (v.valueMissing) return el instanceof HTMLInputElement && el.type === 'file' ? t('validation.file') : t('validation.required');
  if (v.typeMismatch) return el instanceof HTMLInputElement && el.type === 'email' ? t('validation.email') : t('validation.format');
  if (v.tooShort) return t('validation.tooShort', { min: (el as HTMLInputElement).minLength });
  if (v.rangeUnderflow || v.rangeOverflow) return t('validation.range', { min: (el as HTMLInputElement).min, max: (el as HTMLInputElement).max });
  if (v.stepMismatch || v.badInput) return t('validation.number');
  if (v.patternMismatch) return t('validation.pattern');
  return '';
}

type Props = {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  optionalText?: string;
  className?: string;
  /** Renders the control with the ids the label, hint and error point to. */
  children: (p: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
    onInvalid: (e: FormEvent<Control>) => void;
    onInput: (e: FormEvent<Control>) => void;
  }) => ReactNode;
};

/** A labelled form control with an optional hint and error, wired for screen readers. */
export function Field({ label, hint, error, optional, optionalText, className, children }: Props) {
  const id = useId();
  const { t } = useTranslation();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="field__optional"> ({optionalText})</span>}
      </label>
      {children({
        id,
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
        onInvalid: (e) => {
          const el = e.currentTarget;
          el.setCustomValidity('');
          el.setCustomValidity(validationMessage(t, el));
        },
        onInput: (e) => e.currentTarget.setCustomValidity(''),
      })}
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
