// Deposits: what a store owes, its ledger, and whether it may list in a category.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { depositCoverageChanged } from './hooks.ts';
import { createPayment, paymentSucceeded } from '../payments/index.ts';
import { asLinks, chainOf, loadIndex, type CategoryIndex } from './categories.ts';
import { categoryApplications, depositLedger, stores } from './schema.ts';
import { depositRequired, ledgerBalance, type LedgerKind } from './rules.ts';
import { paidGmvOf } from './paid-gmv.ts';

async function approvedCategoryIds(db: Db, storeId: string) {
  const rows = await db
    .select({ categoryId: categoryApplications.categoryId })
    .from(categoryApplications)
    .where(and(eq(categoryApplications.storeId, storeId), eq(categoryApplications.status, 'approved')));
  return rows.map((r) => r.categoryId);
}

export async function depositBalance(db: Db, storeId: string) {
  const entries = await db.select({ kind: depositLedger.kind, amount: depositLedger.amount }).from(depositLedger).where(eq(depositLedger.storeId, storeId));
  return ledgerBalance(entries);
}

/** Deposit owed by a store: the highest requirement among its approved categories, against its ledger balance. */
export async function depositSummary(db: Db, storeId: string, index?: CategoryIndex) {
  const [store] = await db.select().from(stores).where(eq(stores.id, storeId));
  if (!store) throw new NotFound('store');
  const idx = index ?? (await loadIndex(db));
  const ids = await approvedCategoryIds(db, storeId);
  const balance = await depositBalance(db, storeId);
  const paidGmv = await paidGmvOf(db, storeId);
  const byCategory = ids.map((id) => {
    const required = depositRequired(asLinks(chainOf(idx, id)), paidGmv);
    return { categoryId: id, required, covered: balance >= required };
  });
  const due = byCategory.reduce((m, c) => Math.max(m, c.required), 0);
  return { currency: store.currency, due, balance, owed: Math.max(0, due - balance), paidGmv, byCategory };
}

export type ListingEligibility =
  | { allowed: true; depositRequired: number; depositBalance: number }
  | { allowed: false; reason: 'store_not_open' | 'category_not_approved' | 'deposit_insufficient'; depositRequired: number; depositBalance: number };

/**
 * May this store list products in this category now? The catalog calls this before a product goes live, and
 * delists with "insufficient deposit" when it turns false.
 */
export async function listingEligibility(db: Db, storeId: string, categoryId: number): Promise<ListingEligibility> {
  const [store] = await db.select().from(stores).where(eq(stores.id, storeId));
  if (!store) throw new NotFound('store');
  const balance = await depositBalance(db, storeId);
  const index = await loadIndex(db);
  if (!index.byId.has(categoryId)) throw new NotFound('category');
  const required = depositRequired(asLinks(chainOf(index, categoryId)), await paidGmvOf(db, storeId));
  const base = { depositRequired: required, depositBalance: balance };
  if (store.status !== 'open') return { allowed: false, reason: 'store_not_open', ...base };
  const approved = await approvedCategoryIds(db, storeId);
  if (!approved.includes(categoryId)) return { allowed: false, reason: 'category_not_approved', ...base };
  if (balance < required) return { allowed: false, reason: 'deposit_insufficient', ...base };
  return { allowed: true, ...base };
}

export async function listLedger(db: Db, storeId: string) {
  const rows = await db.select().from(depositLedger).where(eq(depositLedger.storeId, storeId)).orderBy(asc(depositLedger.id));
  let balance = 0;
  return rows.map((r) => {
    balance += r.kind === 'payment' ? r.amount : -r.amount;
    return { id: r.id, kind: r.kind, amount: r.amount, currency: r.currency, note: r.note, paymentId: r.paymentId, balance, createdAt: r.createdAt.toISOString() };
  });
}

/**
 * The operator records money received (payment), a penalty (deduction) or money returned (refund).
 * Deductions and refunds cannot take the balance below zero; entries for one store are serialised by a row lock.
 */
export async function recordDepositEntry(ctx: Ctx, actor: Actor, storeId: string, input: { kind: LedgerKind; amount: number; note?: string }) {
  return inTransaction(ctx, (tx) => addLedgerEntry(tx, ctx.clock.now(), actor, actor.kind === 'user' ? actor.userId : null, storeId, input));
}

/**
 * One ledger entry, in the caller's transaction: entries of a store are serialised by its row lock, a deduction or
 * refund cannot take the balance below zero, listings follow the new coverage, and the audit log has it.
 */
async function addLedgerEntry(tx: Db, at: Date, who: Actor | 'system', recordedBy: string | null, storeId: string, input: { kind: LedgerKind; amount: number; note?: string; paymentId?: string }) {
  const [store] = await tx.select().from(stores).where(eq(stores.id, storeId)).for('update');
  if (!store) throw new NotFound('store');
  const before = await depositBalance(tx, storeId);
  if (input.kind !== 'payment' && input.amount > before) {
    throw new Invalid('deposit_balance_insufficient', `The deposit balance is ${before}; a ${input.kind} of ${input.amount} would take it below zero.`, { balance: before });
  }
  const [entry] = await tx
    .insert(depositLedger)
    .values({ storeId, kind: input.kind, amount: input.amount, currency: store.currency, note: input.note ?? null, paymentId: input.paymentId ?? null, recordedBy, createdAt: at })
    .returning();
  const after = before + (input.kind === 'payment' ? input.amount : -input.amount);
  await depositCoverageChanged.run(tx, { storeId });
  await recordAudit(tx, who, {
    action: `deposit.${input.kind}`,
    entityType: 'store',
    entityId: storeId,
    storeId,
    summary: input.note,
    before: { balance: before },
    after: { balance: after, amount: input.amount },
  }, at);
  return { id: entry.id, balance: after };
}

/**
 * A merchant tops up the deposit online: a payment the merchant pays like a buyer (cashier). The ledger entry is
 * written only when the payment succeeds (recordDepositPayment, wired to the payments module's success hook).
 */
export async function startDepositTopUp(ctx: Ctx, tx: Db, actor: Extract<Actor, { kind: 'user' }>, storeId: string, amount: number) {
  const [store] = await tx.select().from(stores).where(eq(stores.id, storeId));
  if (!store) throw new NotFound('store');
  if (store.status === 'closed') throw new Invalid('store_closed', 'A closed store pays no deposit.');
  const now = ctx.clock.now();
  const payment = await createPayment(tx, now, {
    purpose: 'deposit', payerId: actor.userId, storeId, amount, currency: store.currency,
    description: [...store.name].slice(0, 100).join(''),
    expiresAt: new Date(now.getTime() + ctx.config.paymentTimeoutMinutes * 60_000),
  });
  await recordAudit(tx, actor, { action: 'deposit.top_up_started', entityType: 'store', entityId: storeId, storeId, after: { amount, paymentId: payment.id } }, now);
  return { paymentId: payment.id, amount, currency: store.currency };
}

/** A deposit payment succeeded: the money is on the ledger, and listings it now covers come back. */
export async function recordDepositPayment(tx: Db, p: { storeId: string; amount: number; paymentId: string; payerId: string; paidAt: Date }) {
  await addLedgerEntry(tx, p.paidAt, 'system', p.payerId, p.storeId, { kind: 'payment', amount: p.amount, paymentId: p.paymentId });
}

let following = false;
/** Wires deposits to the payments module's success hook (once per process). */
export function followDepositPayments() {
  if (following) return;
  following = true;
  paymentSucceeded.on(async (tx, p) => {
    if (p.purpose === 'deposit' && p.storeId) await recordDepositPayment(tx, { ...p, storeId: p.storeId });
  });
}
