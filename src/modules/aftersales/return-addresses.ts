// A store's return addresses: several per store, one default. Accepting a return or an exchange picks one and the
// request keeps a copy, so editing or deleting an address later never changes where an open return goes.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { stores } from '../merchants/schema.ts';
import { storeReturnAddresses, type ReturnAddress } from './schema.ts';

type Row = typeof storeReturnAddresses.$inferSelect;
export type ReturnAddressInput = ReturnAddress & { isDefault?: boolean };

const view = (a: Row) => ({
  id: a.id, name: a.name, phone: a.phone, region: a.region, line: a.line, postalCode: a.postalCode, isDefault: a.isDefault,
  createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
});
export type ReturnAddressView = ReturnType<typeof view>;

/** The copy a request keeps. */
const snapshot = (a: Row | ReturnAddress): ReturnAddress =>
  ({ name: a.name, phone: a.phone, region: a.region, line: a.line, ...(a.postalCode ? { postalCode: a.postalCode } : {}) });
const fields = (a: ReturnAddress) => ({ name: a.name, phone: a.phone, region: a.region, line: a.line, postalCode: a.postalCode || null });

/** The store's addresses, the default first. */
export async function listReturnAddresses(db: Db, storeId: string) {
  const rows = await db.select().from(storeReturnAddresses).where(eq(storeReturnAddresses.storeId, storeId))
    .orderBy(desc(storeReturnAddresses.isDefault), asc(storeReturnAddresses.createdAt), asc(storeReturnAddresses.id));
  return { addresses: rows.map(view) };
}

/** Makes `id` the store's only default, in one statement. */
async function makeDefault(tx: Db, storeId: string, id: string) {
  await tx.update(storeReturnAddresses).set({ isDefault: sql`${storeReturnAddresses.id} = ${id}` }).where(eq(storeReturnAddresses.storeId, storeId));
}

/**
 * Holds the store's row while its addresses change, so the limit and the single default hold when two people edit
 * the list at once (address changes are rare; nothing else waits long on it).
 */
async function lockStore(tx: Db, storeId: string) {
  const [s] = await tx.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId)).for('no key update');
  if (!s) throw new NotFound('store');
}

/** Adds an address (409 return_addresses_limit past the setting); the store's first one is its default. */
export async function addReturnAddress(ctx: Ctx, tx: Db, storeId: string, input: ReturnAddressInput) {
  await lockStore(tx, storeId);
  const now = ctx.clock.now();
  const max = ctx.config.returnAddressesMax;
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(storeReturnAddresses).where(eq(storeReturnAddresses.storeId, storeId));
  if (n >= max) throw new Conflict('return_addresses_limit', `A store keeps at most ${max} return addresses.`, { max });
  const [row] = await tx.insert(storeReturnAddresses).values({ storeId, ...fields(input), isDefault: false, createdAt: now, updatedAt: now }).returning();
  if (input.isDefault || n === 0) await makeDefault(tx, storeId, row.id);
  return view(await own(tx, storeId, row.id));
}

export async function updateReturnAddress(ctx: Ctx, tx: Db, storeId: string, id: string, input: ReturnAddressInput) {
  await lockStore(tx, storeId);
  await own(tx, storeId, id);
  await tx.update(storeReturnAddresses).set({ ...fields(input), updatedAt: ctx.clock.now() }).where(eq(storeReturnAddresses.id, id));
  if (input.isDefault) await makeDefault(tx, storeId, id);
  return view(await own(tx, storeId, id));
}

export async function setDefaultReturnAddress(tx: Db, storeId: string, id: string) {
  await lockStore(tx, storeId);
  await own(tx, storeId, id);
  await makeDefault(tx, storeId, id);
  return view(await own(tx, storeId, id));
}

/** Deletes an address; requests that picked it keep their copy. The oldest left becomes default if it was. */
export async function deleteReturnAddress(tx: Db, storeId: string, id: string) {
  await lockStore(tx, storeId);
  const a = await own(tx, storeId, id);
  await tx.delete(storeReturnAddresses).where(eq(storeReturnAddresses.id, id));
  if (!a.isDefault) return;
  const [next] = await tx.select({ id: storeReturnAddresses.id }).from(storeReturnAddresses).where(eq(storeReturnAddresses.storeId, storeId))
    .orderBy(asc(storeReturnAddresses.createdAt), asc(storeReturnAddresses.id)).limit(1);
  if (next) await makeDefault(tx, storeId, next.id);
}

async function own(db: Db, storeId: string, id: string) {
  const [a] = await db.select().from(storeReturnAddresses).where(and(eq(storeReturnAddresses.id, id), eq(storeReturnAddresses.storeId, storeId)));
  if (!a) throw new NotFound('return_address');
  return a;
}

/**
 * Where a return of this store goes: the address picked (404 return_address_not_found for another store's), else
 * the default; 409 return_address_required when the store keeps none.
 */
export async function pickReturnAddress(tx: Db, storeId: string, id?: string): Promise<ReturnAddress> {
  if (id) return snapshot(await own(tx, storeId, id));
  const found = await defaultReturnAddress(tx, storeId);
  if (!found) throw new Conflict('return_address_required', 'Add a return address to the store (Settings, Return addresses) before accepting a return or an exchange.');
  return found;
}

/** The store's default address as a request keeps it, or null when it keeps none. */
export async function defaultReturnAddress(tx: Db, storeId: string): Promise<ReturnAddress | null> {
  const [a] = await tx.select().from(storeReturnAddresses).where(and(eq(storeReturnAddresses.storeId, storeId), eq(storeReturnAddresses.isDefault, true))).limit(1);
  return a ? snapshot(a) : null;
}
