// What the creates made by one statement share (a gift's send; checkout works the same way): the statement's answer
// and how it is sent until it answers. Such a statement reads `seen` (the Idempotency-Key used already), `mem` (when
// it looks for a membership: the buyer is a member of the store and was not priced), `taken` (the stock's guarded
// update) and `claim` (the key claimed last with the answer).
import { sql, type SQL } from 'drizzle-orm';
import { statementRefusal, type Db } from '../../db/client.ts';
import { keyUsed, type RequestKey } from '../../kernel/idempotency.ts';

/**
 * The buyer's pricing as the statement is sent with it: undefined until priced (the plain statement then looks for a
 * membership of the buyer and takes nothing from a member), then the priced choice, or null when pricing discounted
 * nothing (the list price, without the membership look-up).
 */
export type Pricing<P> = P | null | undefined;

/** Whether the statement looks for a membership (the buyer is not priced yet). */
export const guardsMembership = (p: Pricing<unknown>) => p === undefined;

/** The part of a prepared statement's name that tells its pricing shape. */
export const pricingShape = (p: Pricing<unknown>) => (p ? '_priced' : p === null ? '_list' : '');

/**
 * Prices the buyer (member price, coupons, points). A retry of a statement that ran already is replayed instead: its
 * coupons and points are spent by it, so pricing them again refuses.
 */
export async function priceOrReplay<P, R>(db: Db, k: RequestKey | null, price: () => Promise<P | null>, replay: () => Promise<R>): Promise<{ priced: P | null } | { replayed: R }> {
  try {
    return { priced: await price() };
  } catch (err) {
    if (k && (await keyUsed(db, k))) return { replayed: await replay() };
    throw err;
  }
}

/** The answer (JSON text; null: replayed; 'member': price and send again; 'refused': nothing taken) and whether the catalog moved. */
export type StatementRow = { answer: string | null; bumped: number; /** Checkout: the stock its line left (one line), null when nothing was taken. */ left?: number | null };

/**
 * The statement's answer: null when the key was used before it began; 'member' (it took nothing); 'refused' when
 * nothing could be taken; otherwise it aborts itself (trio_refuse, nothing written) when something taken does not
 * fit (`refusal`), something to spend was gone (`spent`: spentCheck) or a concurrent duplicate claimed the key.
 */
export function statementAnswerSql(o: { guarded: boolean; ok: SQL; refusal: string; spent: SQL; body: SQL }) {
  return sql`case when (select seen from seen) then null
      ${o.guarded ? sql`when (select member from mem) then 'member'` : sql``}
      when not ${o.ok} and not exists (select 1 from taken) then 'refused'
      when not ${o.ok} then trio_refuse(${o.refusal}::text)
      ${o.spent}
      when not exists (select 1 from claim) then trio_refuse('idempotency_key_taken')
      else ${o.body} end`;
}

/**
 * Sends the statement until it answers: again after 'member' (once priced), and after points it took were taken
 * meanwhile (a new snapshot sees them; three tries). A duplicate that claimed the key first is replayed; another
 * refusal is explained (`refused` throws its 4xx).
 */
export async function sendStatement<R>(s: {
  run(): Promise<StatementRow>;
  /** Whether the statement still looks for a membership (it may answer 'member'). */
  guarded(): boolean;
  /** Prices it after 'member': the replay when the key turned out used, else null. */
  price(): Promise<R | null>;
  replay(): Promise<R>;
  refused(reason: string): Promise<never>;
}): Promise<{ row: StatementRow } | { replayed: R }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const row = await s.run();
      if (row.answer === 'member' && s.guarded()) {
        const replayed = await s.price();
        if (replayed) return { replayed };
        continue;
      }
      return { row };
    } catch (err) {
      const reason = statementRefusal(err);
      if (reason === 'idempotency_key_taken') return { replayed: await s.replay() };
      if (reason === 'points_gone' && attempt < 3) continue;
      if (reason) await s.refused(reason);
      throw err;
    }
  }
}
