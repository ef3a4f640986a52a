import { useTranslation } from 'react-i18next';

/** The three steps of applying: store details, categories, documents. */
export function WizardSteps({ current }: { current: 1 | 2 | 3 }) {
  const { t } = useTranslation();
  const steps = [t('merchant.wizard.step1'), t('merchant.wizard.step2'), t('merchant.wizard.step3')];
  return (
    <ol className="steps" aria-label={t('merchant.wizard.progress')}>
      {steps.map((s, i) => {
        const n = i + 1;
        const state = n < current ? 'done' : n === current ? 'current' : 'todo';
        return (
          <li key={s} className={`steps__item steps__item--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="steps__num" aria-hidden="true">
              {state === 'done' ? '✓' : n}
            </span>
            <span className="steps__label">
              <span className="visually-hidden">{t('merchant.wizard.stepOf', { n, total: 3 })} </span>
              {s}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
