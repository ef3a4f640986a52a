// What the signed-in member may do in a store: the server's role table, read from the store's `me`, so buttons a
// role cannot use are not shown. The server refuses them anyway.
import { enumValues } from './api/schema.ts';
import type { Schemas } from './api.ts';
import type { StoreAccess } from './types.ts';

export type Permission = Schemas['Permission'];
export type StoreRole = Schemas['StoreRole'];
/** Roles a member can be given (by invitation or a change): every one but owner. */
export type AssignableRole = Schemas['AssignableRole'];
/** What an API key may be given: every permission but managing staff and keys. */
export type KeyScope = Schemas['KeyScope'];
export const ASSIGNABLE_ROLES = enumValues.AssignableRole;
export const KEY_SCOPES = enumValues.KeyScope;

export function can(store: { me: StoreAccess }, permission: Permission): boolean {
  return store.me.permissions.includes(permission);
}
