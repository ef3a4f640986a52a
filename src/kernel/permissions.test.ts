import { describe, expect, it } from 'vitest';
import { KEY_FORBIDDEN, KEY_SCOPES, PERMISSIONS, READS, ROLE_PERMISSIONS, STORE_ROLES, roleCan } from './permissions.ts';

describe('store roles as a table', () => {
  it('the owner may do everything; read-only reads only, and everything a member may read', () => {
    expect([...ROLE_PERMISSIONS.owner]).toEqual([...PERMISSIONS]);
    expect([...ROLE_PERMISSIONS.read_only]).toEqual(READS);
    for (const role of STORE_ROLES) for (const p of ROLE_PERMISSIONS[role]) if (p.endsWith('.read')) expect(roleCan('read_only', p)).toBe(true);
  });

  it("only the owner closes the store and manages API keys; staff management is the owner's and the manager's", () => {
    const holders = (p: (typeof PERMISSIONS)[number]) => STORE_ROLES.filter((r) => roleCan(r, p));
    expect(holders('store.close')).toEqual(['owner']);
    expect(holders('api_keys.manage')).toEqual(['owner']);
    expect(holders('staff.manage')).toEqual(['owner', 'manager']);
    expect(holders('aftersales.handle')).toEqual(['owner', 'manager', 'customer_service']);
    expect(holders('deposits.pay')).toEqual(['owner', 'manager', 'finance']);
    expect(holders('finance.withdraw')).toEqual(['owner', 'manager']);
  });

  it('an API key can be given every permission but managing staff and keys, and withdrawing money', () => {
    expect([...KEY_FORBIDDEN].sort()).toEqual(['api_keys.manage', 'finance.withdraw', 'staff.manage']);
    expect([...KEY_SCOPES, ...KEY_FORBIDDEN].sort()).toEqual([...PERMISSIONS].sort());
  });
});
