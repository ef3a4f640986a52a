// The losers of a race for a few units (a flash sale's SKU, a group gift's units) are answered without queuing
// behind the winners: not on the row's lock, not for the pool's connections. Per process and per row, the gate
// knows the units last seen left (learned from the statements' answers) and the units that the attempts it let
// through may still take (in flight).
//
// The rule:
// - At most SLOTS attempts per row (or the gate's own number) are in flight at once (sent to the database); the
//   others wait here, in arrival order, holding no pooled connection and no lock. A row's lock lets one statement at
//   a time through anyway (a caller that sends several attempts in one statement gives the gate a larger number).
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

/** How many attempts per row go to the database at once (unless the gate is given another number). */
export const SLOTS = 4;

/** An attempt let through: `done` exactly once, when its statement answered, with the units left after it when it says. */
export type Pass = { done(left?: number): void };

/**
 * An attempt known from the moment its request arrived, before it is ready to go (its body not read yet): counted
 * ahead of those arriving after it, holding no slot, until it enters the gate (`enter`, once) or is dropped (`drop`:
 * its request ended without entering; nothing once it entered).
 */
export type Arrival = { enter(): Promise<Pass | 'taken'>; drop(): void };

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

type Waiter = { units: number; wake: (outcome: Pass | 'taken') => void; /** `row.fruitless` when it came: it waited for an answer that taught nothing once that moved. */ since: number };
type Row = {
  /** Units left, as the last answer said. */
  left: number | undefined;
  /** Moves at every answer that says what is left. */
  epoch: number;
  /** Units of the attempts let through since that answer and still under way. */
  counted: number;
  inFlight: number;
  /** Waiting, in arrival order: `queue[head..]` (the front is dropped by moving `head`, not by copying). */
  queue: Waiter[];
  head: number;
  /** Units of the waiters. */
  queued: number;
  /** Moves at every answer that taught nothing (a failed attempt that did not say what is left). */
  fruitless: number;
  /** Units of the arrivals (arrive) that have not entered yet. */
  arrived: number;
};

const TAKEN = Promise.resolve('taken' as const);

// The work per attempt is constant (a crowd of thousands on one row must not cost each of them a pass over the
// others): an attempt that cannot win is answered on arrival without joining the queue, and the queue is walked only
// when an answer leaves fewer units than its waiters ask for (then those at its end are answered, in place).
export class UnitsGate {
  private rows = new Map<string, Row>();

  /** `slots`: attempts per row let through at once (more when the caller sends several attempts in one statement). */
  constructor(private maxRows = 10_000, private slots = SLOTS) {}

  /** Lets the attempt for `units` of row `key` through (a pass), or answers 'taken' (the units left are all in flight). */
  enter(key: string, units: number): Promise<Pass | 'taken'> {
    const row = this.row(key);
    // Every waiter ahead can still win, so this one is refused when they, with those in flight, already cover what is left.
    if (row.left !== undefined && row.inFlight > 0 && row.counted + row.queued + units > row.left) return TAKEN;
    return new Promise((wake) => {
      row.queue.push({ units, wake, since: row.fruitless });
      row.queued += units;
      this.settle(row);
    });
  }

  /**
   * An attempt counted from its arrival (see Arrival), or 'taken' at once when the attempts let through, waiting and
   * arrived before it already cover every unit left: the same rule as `enter`, with those arrived counted ahead too.
   * An arrival may be refused while nothing of its own is in flight yet, when those ahead of it are about to go.
   */
  arrive(key: string, units: number): Arrival | 'taken' {
    const row = this.row(key);
    const ahead = row.counted + row.queued + row.arrived;
    if (row.left !== undefined && (row.inFlight > 0 || ahead > 0) && ahead + units > row.left) return 'taken';
    row.arrived += units;
    let pending = true;
    const leave = () => {
      if (!pending) return false;
      pending = false;
      row.arrived -= units;
      return true;
    };
    return {
      enter: () => {
        if (!leave()) throw new Error('an arrival enters the gate once');
        return this.enter(key, units);
      },
      drop: () => void leave(),
    };
  }

  /**
   * What a plain read of the row said is left (a gift's page, read before its crowd claims), taught only while the
   * gate knows nothing of the row and has no attempt of its own under way: no statement of its own can be counted
   * in it twice then. Units left only shrink, so a read may say more than is left by now, never less: the gate may
   * let one attempt too many go (the database refuses it), never refuse one that could win.
   */
  learn(key: string, left: number) {
    const row = this.row(key);
    if (row.left === undefined && row.inFlight === 0 && row.head === row.queue.length && row.arrived === 0) row.left = left;
  }

  private row(key: string): Row {
    let row = this.rows.get(key);
    if (!row) {
      row = { left: undefined, epoch: 0, counted: 0, inFlight: 0, queue: [], head: 0, queued: 0, fruitless: 0, arrived: 0 };
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
        } else row.fruitless++;
        this.settle(row);
      },
    };
  }

  /** Lets waiters through while slots are free, and answers those that can no longer win. */
  private settle(row: Row) {
    // Answering those that can no longer win may bring one that can go to the front: then it goes now.
    if (this.letThrough(row) && this.refuseBeyond(row)) this.letThrough(row);
  }

  /** Lets the front waiters go while slots are free; whether any is still waiting. */
  private letThrough(row: Row): boolean {
    while (row.head < row.queue.length && row.inFlight < this.slots) {
      const w = row.queue[row.head];
      // Nothing known: the first goes, the others wait for its answer (once).
      if (row.left === undefined && row.inFlight > 0 && w.since === row.fruitless) break;
      if (row.left !== undefined && row.inFlight > 0 && row.counted + w.units > row.left) break;
      row.head++;
      row.queued -= w.units;
      w.wake(this.pass(row, w.units));
    }
    if (row.head === row.queue.length) {
      row.queue = [];
      row.head = 0;
      return false;
    }
    if (row.head > 64 && row.head * 2 > row.queue.length) {
      row.queue = row.queue.slice(row.head);
      row.head = 0;
    }
    return true;
  }

  /**
   * Answers the waiters whose units the attempts counted in flight and the ones waiting before them already cover
   * (none when all the waiters fit; with none in flight the queue is empty: letThrough let them go). Whether any was.
   */
  private refuseBeyond(row: Row): boolean {
    if (row.left === undefined || row.counted + row.queued <= row.left) return false;
    const waiting = row.queue.length - row.head;
    let ahead = row.counted;
    let kept = 0;
    for (let i = row.head; i < row.queue.length; i++) {
      const w = row.queue[i];
      if (ahead + w.units > row.left) {
        row.queued -= w.units;
        w.wake('taken');
      } else {
        row.queue[kept++] = w;
        ahead += w.units;
      }
    }
    row.queue.length = kept;
    row.head = 0;
    return kept < waiting;
  }
}
