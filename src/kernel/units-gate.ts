// The losers of a race for a few units (a flash sale's SKU, a group gift's units) are answered without queuing
// behind the winners: not on the row's lock, not for the pool's connections. Per process and per row, the gate
// knows the units last seen left (learned from the statements' answers) and the units that the attempts it let
// through may still take (in flight).
//
// The rule:
// - At most SLOTS attempts per row are in flight at once (sent to the database); the others wait here, in arrival
//   order, holding no pooled connection and no lock. A row's lock lets one statement at a time through anyway.
// - An attempt is answered at once ("taken") when the units of the attempts let through since the last answer and
//   of those waiting before it already cover every unit that answer left: it could only win if one of those failed.
//   Attempts let through before that answer are not counted: their statement may have run before the one that
//   answered (its units already gone from what is left), and counting them twice would refuse a buyer who can win.
// - Nothing known yet: one attempt goes first and its answer teaches the others (each waits for one answer at most).
// - The gate refuses only while attempts of its own are in flight or waiting ahead; with none, an attempt always goes
//   to the database, which decides and teaches again. So a unit given back (a failed attempt, a cancelled order, a
//   restock, another process's knowledge) is never shown taken for longer than the attempts ahead of it take. The
//   database's guarded update stays what decides: the gate never lets anything be taken, it only spares losers.
import { trimOldest } from './bounded-set.ts';

/** How many attempts per row go to the database at once. */
export const SLOTS = 4;

/** An attempt let through: `done` exactly once, when its statement answered, with the units left after it when it says. */
export type Pass = { done(left?: number): void };

/**
 * Runs the attempt a pass let through and teaches the gate what it learned: the units `run` says it left, or those its
 * refusal says (`leftOfRefusal`); the pass is done either way. Without a pass (not gated) it only runs.
 */
export async function throughPass<T>(pass: Pass | null, run: () => Promise<{ value: T; left?: number }>, leftOfRefusal: (err: unknown) => number | undefined): Promise<T> {
  let left: number | undefined;
  try {
    const r = await run();
    left = r.left;
    return r.value;
  } catch (err) {
    left = leftOfRefusal(err);
    throw err;
  } finally {
    pass?.done(left);
  }
}

type Waiter = { units: number; wake: (outcome: Pass | 'taken') => void; /** It waited for one answer that taught nothing. */ waited: boolean };
type Row = {
  /** Units left, as the last answer said. */
  left: number | undefined;
  /** Moves at every answer that says what is left. */
  epoch: number;
  /** Units of the attempts let through since that answer and still under way. */
  counted: number;
  inFlight: number;
  queue: Waiter[];
};

export class UnitsGate {
  private rows = new Map<string, Row>();

  constructor(private maxRows = 10_000) {}

  /** Lets the attempt for `units` of row `key` through (a pass), or answers 'taken' (the units left are all in flight). */
  enter(key: string, units: number): Promise<Pass | 'taken'> {
    const row = this.row(key);
    return new Promise((wake) => {
      row.queue.push({ units, wake, waited: false });
      this.settle(row);
    });
  }

  private row(key: string): Row {
    let row = this.rows.get(key);
    if (!row) {
      row = { left: undefined, epoch: 0, counted: 0, inFlight: 0, queue: [] };
      this.rows.set(key, row);
      // A row forgotten while attempts are under way only loses what it knew: its attempts still finish on it.
      trimOldest(this.rows, this.maxRows);
    }
    return row;
  }

  private pass(row: Row, units: number): Pass {
    row.inFlight++;
    row.counted += units;
    const epoch = row.epoch;
    let finished = false;
    return {
      done: (left?: number) => {
        if (finished) return;
        finished = true;
        row.inFlight--;
        if (row.epoch === epoch) row.counted -= units;
        if (left !== undefined) {
          row.left = left;
          row.epoch++;
          row.counted = 0;
        } else for (const w of row.queue) w.waited = true;
        this.settle(row);
      },
    };
  }

  /** Lets waiters through while slots are free, and answers those that can no longer win. */
  private settle(row: Row) {
    while (row.queue.length && row.inFlight < SLOTS) {
      const w = row.queue[0];
      // Nothing known: the first goes, the others wait for its answer (once).
      if (row.left === undefined && row.inFlight > 0 && !w.waited) break;
      if (row.left !== undefined && row.inFlight > 0 && row.counted + w.units > row.left) break;
      row.queue.shift();
      w.wake(this.pass(row, w.units));
    }
    if (row.left === undefined) return;
    // Those whose units the attempts counted in flight and the ones waiting before them already cover.
    let ahead = row.counted;
    const kept: Waiter[] = [];
    for (const w of row.queue) {
      if ((row.inFlight > 0 || kept.length > 0) && ahead + w.units > row.left) w.wake('taken');
      else {
        kept.push(w);
        ahead += w.units;
      }
    }
    row.queue = kept;
  }
}
