// A table of rows: one column per field, its header also the row's label when the table stacks into cards on a phone;
// the row's name in a <th scope="row">, right-aligned amounts, and a last column of buttons whose header only screen
// readers hear. The list pages (ListPage) and the consoles' smaller tables draw their rows with it.
import type { ReactNode } from 'react';

/** One column of the table: its header (also the row's label when the table stacks on a phone) and its cell. */
export type Column<T> = {
  header: string;
  cell: (row: T) => ReactNode;
  /** The row's name (a <th scope="row">): the first column, usually the number or the name with its link. */
  rowHeader?: boolean;
  /** Right-aligned amounts. */
  num?: boolean;
  /** The row's buttons: the header is for screen readers only. */
  actions?: boolean;
  /** A class for the cells (not the header), e.g. small text. */
  className?: string;
};

type Props<T> = {
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  columns: Column<T>[];
  /** The table's name for screen readers (a hidden caption). */
  caption?: string;
  /** Stacks into cards on a phone (default); false keeps the columns. */
  stack?: boolean;
  /** More classes for the table (table--compact). */
  className?: string;
  /** The table sits in a card of its own. */
  inCard?: boolean;
  /** A test id on every row. */
  rowTestId?: string;
};

export function DataTable<T>({ rows, rowKey, columns, caption, stack = true, className, inCard, rowTestId }: Props<T>) {
  const classes = ['table', stack && 'table--stack', className].filter(Boolean).join(' ');
  const cellClass = (c: Column<T>) => [c.actions ? 'actions-cell' : c.num ? 'num' : '', c.className ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={inCard ? 'table-wrap card' : 'table-wrap'}>
      <table className={classes}>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.num ? 'num' : undefined}>
                {c.actions ? <span className="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)} data-testid={rowTestId}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.header} scope="row">
                    {c.cell(r)}
                  </th>
                ) : (
                  <td key={c.header} className={cellClass(c)} data-label={c.actions ? undefined : c.header}>
                    {c.cell(r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
