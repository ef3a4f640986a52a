// A console card with its heading, a line saying what it holds, and its buttons beside the heading.
import type { ReactNode } from 'react';

type Props = { id: string; title: string; intro: ReactNode; actions?: ReactNode; children: ReactNode };

export function CardSection({ id, title, intro, actions, children }: Props) {
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card__head">
        <div>
          <h2 id={id}>{title}</h2>
          <p className="muted small">{intro}</p>
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}
