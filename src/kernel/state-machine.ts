import { Conflict } from './errors.ts';

/** A state machine as data: the only moves allowed are the rows of the table. */
export type Transition<S extends string, E extends string> = { from: S; event: E; to: S };

export function defineMachine<S extends string, E extends string>(entity: string, table: Transition<S, E>[]) {
  return {
    entity,
    table,
    /** The state reached from `from` by `event`, or a 409 problem naming what is allowed. */
    transition(from: S, event: E): S {
      const row = table.find((t) => t.from === from && t.event === event);
      if (!row) {
        const allowed = table.filter((t) => t.from === from).map((t) => t.event);
        throw new Conflict(
          `${entity}_transition_not_allowed`,
          `A ${entity.replace(/_/g, ' ')} in state "${from}" cannot "${event}"` +
            (allowed.length ? `; allowed: ${allowed.join(', ')}.` : '; it is final.'),
          { state: from, event, allowed },
        );
      }
      return row.to;
    },
    can(from: S, event: E): boolean {
      return table.some((t) => t.from === from && t.event === event);
    },
  };
}
