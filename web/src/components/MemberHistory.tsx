// A member's history (newest first), as the buyer's card and the merchant's member page show it.
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { EmptyState } from './States.tsx';

const signed = (n: number, f: ReturnType<typeof useFormat>) => (n > 0 ? `+${f.number(n)}` : n < 0 ? `−${f.number(-n)}` : '');

export function MemberHistory({ events }: { events: Schemas['MemberEvent'][] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!events.length) return <EmptyState icon="☆" title={t('membership.historyEmpty')} />;
  return (
    <div className="table-wrap">
      <table className="table table--compact member-history">
        <thead>
          <tr>
            <th scope="col">{t('membership.col.at')}</th>
            <th scope="col">{t('membership.col.what')}</th>
            <th scope="col" className="num">{t('membership.col.points')}</th>
            <th scope="col" className="num">{t('membership.col.growth')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td data-label={t('membership.col.at')}>{f.dateTime(e.at)}</td>
              <td data-label={t('membership.col.what')}>
                {stateLabel(t, 'MemberEventKind', e.kind)}
                {e.kind === 'level_changed' && e.level != null && <span className="sub">{t('membership.toLevel', { level: e.level })}</span>}
                {e.kind === 'adjusted' && e.reason && <span className="sub">{e.reason}</span>}
                {e.shortfall > 0 && <span className="sub">{t('membership.shortfall', { count: e.shortfall })}</span>}
              </td>
              <td className="num" data-label={t('membership.col.points')}>{signed(e.points, f)}</td>
              <td className="num" data-label={t('membership.col.growth')}>{signed(e.growth, f)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
