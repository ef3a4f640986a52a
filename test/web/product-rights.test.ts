// The product pages offer a store member only what the role may do (issue 11): productRights reads the store's
// `me.permissions`, which the server fills from the role table.
import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type StoreRole } from '../../src/kernel/permissions.ts';
import { productRights } from '../../web/src/lib/catalog.ts';

const rightsOf = (role: StoreRole) => productRights({ me: { permissions: ROLE_PERMISSIONS[role] } });

describe('what a store role may do with products', () => {
  it('owners, managers and operations edit products, prices and stock', () => {
    for (const role of ['owner', 'manager', 'operations'] as const) expect(rightsOf(role)).toEqual({ write: true, price: true, stock: true });
  });

  it('customer service, finance and read-only members only look', () => {
    for (const role of ['customer_service', 'finance', 'read_only'] as const) expect(rightsOf(role)).toEqual({ write: false, price: false, stock: false });
  });

  it('an API key gets what its scopes say, one by one', () => {
    expect(productRights({ me: { permissions: ['catalog.read', 'stock.write'] } })).toEqual({ write: false, price: false, stock: true });
  });
});
