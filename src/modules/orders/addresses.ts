// The buyer's address book. An order keeps a copy of the address it ships to.
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { NotFound } from '../../kernel/errors.ts';
import { addresses, type ShippingAddress } from './schema.ts';

export type AddressInput = ShippingAddress & { isDefault?: boolean };

const view = (a: typeof addresses.$inferSelect) => ({
  id: a.id, name: a.name, phone: a.phone, region: a.region, line: a.line, postalCode: a.postalCode, isDefault: a.isDefault,
});

export async function listAddresses(db: Db, buyerId: string) {
  const rows = await db.select().from(addresses).where(and(eq(addresses.buyerId, buyerId), isNull(addresses.deletedAt))).orderBy(desc(addresses.isDefault), asc(addresses.createdAt));
  return rows.map(view);
}

/** The first address is the default; marking another default unmarks the rest. */
export async function addAddress(tx: Db, now: Date, buyerId: string, input: AddressInput) {
  const existing = await listAddresses(tx, buyerId);
  const isDefault = input.isDefault || existing.length === 0;
  if (isDefault) await tx.update(addresses).set({ isDefault: false }).where(eq(addresses.buyerId, buyerId));
  const [row] = await tx.insert(addresses).values({ buyerId, ...fields(input), isDefault, createdAt: now }).returning();
  return view(row);
}

export async function updateAddress(tx: Db, buyerId: string, id: string, input: AddressInput) {
  await ownAddress(tx, buyerId, id);
  if (input.isDefault) await tx.update(addresses).set({ isDefault: false }).where(eq(addresses.buyerId, buyerId));
  const [row] = await tx.update(addresses).set({ ...fields(input), ...(input.isDefault ? { isDefault: true } : {}) }).where(eq(addresses.id, id)).returning();
  return view(row);
}

export async function deleteAddress(tx: Db, now: Date, buyerId: string, id: string) {
  await ownAddress(tx, buyerId, id);
  await tx.update(addresses).set({ deletedAt: now, isDefault: false }).where(eq(addresses.id, id));
}

/** The address to ship to: one of the buyer's own (by id), or one given in full. */
export async function shippingAddress(db: Db, buyerId: string, input: { addressId?: string; address?: ShippingAddress }): Promise<ShippingAddress> {
  if (input.address) return fields(input.address);
  const a = await ownAddress(db, buyerId, input.addressId!);
  return fields(a);
}

async function ownAddress(db: Db, buyerId: string, id: string) {
  const [a] = await db.select().from(addresses).where(and(eq(addresses.id, id), eq(addresses.buyerId, buyerId), isNull(addresses.deletedAt)));
  if (!a) throw new NotFound('address');
  return a;
}

function fields(a: Omit<ShippingAddress, 'postalCode'> & { postalCode?: string | null }): ShippingAddress {
  return { name: a.name, phone: a.phone, region: a.region, line: a.line, ...(a.postalCode ? { postalCode: a.postalCode } : {}) };
}
