// One card of a list of cards (class shop-cards): an optional picture (a QR code), the name with its badge, a few lines,
// and the row's buttons; a finished one (archived, ended) is drawn faded.
import type { ReactNode } from 'react';

type Props = { name: ReactNode; badge?: ReactNode; faded?: boolean; picture?: ReactNode; actions?: ReactNode; children: ReactNode };

export function ListCard({ name, badge, faded, picture, actions, children }: Props) {
  return (
    <li className={`shop-card${faded ? ' shop-card--archived' : ''}`}>
      {picture !== undefined && <div className="shop-card__qr">{picture}</div>}
      <div className="shop-card__body">
        <h3 className="shop-card__name">
          {name} {badge}
        </h3>
        {children}
        {actions && <div className="btn-row btn-row--tight">{actions}</div>}
      </div>
    </li>
  );
}
