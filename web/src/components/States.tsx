// Loading, empty and error states shared by every data view, and the problem+json alert.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../lib/api.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function EmptyState({ title, children, action, icon = '∅' }: { title: string; children?: ReactNode; action?: ReactNode; icon?: string }) {
  return (
    <div className="state state--empty">
      <div className="state__icon" aria-hidden="true">
        {icon}
      </div>
      <p className="state__title">{title}</p>
      {children && <div className="state__text">{children}</div>}
      {action && <div className="state__action">{action}</div>}
    </div>
  );
}

/**
 * A translated heading for a problem: by its code when we know it (every code the server answers has a text in each
 * language, test/web/problem-codes.test.ts), else by its HTTP status. The problem's own fields (counts, limits) are
 * there for a text to interpolate.
 */
export function problemHeading(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('problems.status.unknown');
  const byCode = `problems.code.${err.code}`;
  const translated = t(byCode, { ...err.problem, defaultValue: '' });
  if (translated) return translated;
  const s = err.status;
  const group = s === 0 ? 'network' : s >= 500 ? '500' : [400, 401, 403, 404, 409, 413, 415, 422, 429].includes(s) ? String(s) : 'unknown';
  return t(`problems.status.${group}`);
}

/**
 * The server's `detail` is English, written for developers: a person reading another language sees the translated
 * heading (and the advice) instead; in English the detail adds the specifics.
 */
function problemDetail(lang: string, err: unknown): string {
  if (err instanceof ApiError) return lang.startsWith('en') ? err.problem.detail : '';
  return err instanceof Error ? err.message : String(err);
}

/** What to do next, by status. */
function problemAdvice(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('problems.advice.retry');
  if (err.status === 0) return t('problems.advice.network');
  if (err.status === 401) return t('problems.advice.signin');
  if (err.status === 403 || err.status === 404) return t('problems.advice.back');
  if (err.status >= 500) return t('problems.advice.later');
  return '';
}

export function ProblemAlert({ error, className }: { error: unknown; className?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const detail = problemDetail(i18n.language, error);
  const advice = problemAdvice(t, error);
  return (
    <div className={`alert alert--error${className ? ` ${className}` : ''}`} role="alert">
      <p className="alert__title">{problemHeading(t, error)}</p>
      {detail && <p className="alert__detail">{detail}</p>}
      {advice && !detail && <p className="alert__detail">{advice}</p>}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  const detail = error instanceof ApiError ? problemDetail(i18n.language, error) : '';
  return (
    <div className="state state--error" role="alert">
      <div className="state__icon" aria-hidden="true">
        !
      </div>
      <p className="state__title">{problemHeading(t, error)}</p>
      {detail && <p className="state__text">{detail}</p>}
      <p className="state__text">{problemAdvice(t, error) || t('problems.advice.retry')}</p>
      {onRetry && (
        <div className="state__action">
          <button type="button" className="btn" onClick={onRetry}>
            {t('common.retry')}
          </button>
        </div>
      )}
    </div>
  );
}

/** Renders loading / error / content for one query. */
export function QueryBoundary<T>({ query, children }: { query: { data?: T; error: unknown; isPending: boolean; refetch: () => unknown }; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Loading />;
  if (query.error || query.data === undefined) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  return <>{children(query.data)}</>;
}
