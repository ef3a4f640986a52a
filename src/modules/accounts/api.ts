// The accounts API's shapes, named in the OpenAPI document (#/components/schemas/<Name>) so the web's generated
// types call them by these names. Other modules' routes use the same instances (a store role is one StoreRole).
import { z } from 'zod';
import { named } from '../../kernel/http.ts';
import { ASSIGNABLE_ROLES, KEY_SCOPES, PERMISSIONS, STORE_ROLES } from '../../kernel/permissions.ts';
import { DISPLAY_CHOICES } from '../../kernel/money.ts';
import { CITY_TIERS, GENDERS, ROLES } from './schema.ts';

export const roleEnum = named(z.enum(ROLES), 'Role');
export const genderEnum = named(z.enum(GENDERS), 'Gender');
export const cityTierEnum = named(z.enum(CITY_TIERS), 'CityTier');
export const displayChoiceEnum = named(z.enum(DISPLAY_CHOICES).describe("Approximate prices in this currency beside the real ones, or 'none'; null: by the interface language"), 'DisplayChoice');
export const storeRoleEnum = named(z.enum(STORE_ROLES), 'StoreRole');
export const assignableRoleEnum = named(z.enum(ASSIGNABLE_ROLES).describe('A store role that can be given: every one but owner'), 'AssignableRole');
export const permissionEnum = named(z.enum(PERMISSIONS), 'Permission');
// Describe before naming: describe() makes a new schema, and only the named instance is the component.
export const keyScopeEnum = named(z.enum(KEY_SCOPES).describe('A permission an API key may hold (never staff.manage or api_keys.manage)'), 'KeyScope');

export const userView = named(z.object({
  id: z.string(),
  email: z.string(),
  role: roleEnum,
  displayName: z.string(),
  locale: z.string(),
  birthYear: z.number().nullable(),
  gender: genderEnum.nullable(),
  city: z.string().nullable(),
  cityTier: cityTierEnum.nullable(),
  displayCurrency: displayChoiceEnum.nullable(),
  createdAt: z.string(),
}), 'User');

export const sessionView = named(z.object({ token: z.string(), expiresAt: z.string(), user: userView }), 'Session');

export const apiKeyView = named(z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(keyScopeEnum).describe('What the key may do in its store'),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
}), 'ApiKey');
