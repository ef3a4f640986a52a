// What the signed-in member may do in a store: the server's role table, read from the store's `me`, so buttons a
// role cannot use are not shown. The server refuses them anyway.
import type { Permission } from '../../../src/kernel/permissions.ts';
import type { StoreDetail } from './types.ts';

export { ASSIGNABLE_ROLES, KEY_SCOPES, type AssignableRole, type Permission } from '../../../src/kernel/permissions.ts';

export function can(store: Pick<StoreDetail, 'me'>, permission: Permission): boolean {
  return store.me.permissions.includes(permission);
}
