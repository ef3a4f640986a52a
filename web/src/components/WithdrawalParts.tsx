// Pieces both consoles show of a withdrawal: its state badge and its timeline.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { WITHDRAWAL_TONES, withdrawalSteps, type Withdrawal, type WithdrawalState } from '../lib/withdrawals.ts';

export function WithdrawalStateBadge({ state }: { state: WithdrawalState }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${WITHDRAWAL_TONES[state]}`}>{stateLabel(t, 'WithdrawalState', state)}</span>;
}

export function WithdrawalTimeline({ w, label }: { w: Withdrawal; label: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <ol className="timeline" aria-label={label}>
      {withdrawalSteps(t, w, (m) => f.money(m, w.currency)).map((s) => (
        <li key={s.key} className={`timeline__item timeline__item--${s.key}`}>
          <span className="timeline__dot" aria-hidden="true" />
          <div>
            <p className="timeline__title">{s.title}</p>
            {s.detail && <p className="small">{s.detail}</p>}
            <p className="timeline__meta muted">
              <time dateTime={s.at}>{f.dateTime(s.at)}</time>
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
