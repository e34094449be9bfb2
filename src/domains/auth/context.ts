import type { Db } from '../../db/client.ts';
import { AppError, forbidden } from '../../server/errors.ts';

export type Role = 'admin' | 'leader' | 'manager' | 'employee';

/** Everything a caller may be allowed to do; API key scopes use the same names. */
export const PERMISSIONS = [
  'people:read',
  'people:write',
  'organisation:write',
  'api_keys:manage',
  'audit:read',
  'customers:read',
  'customers:write',
  'surveys:read',
  'surveys:manage',
  'responses:read',
  'responses:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  leader: ['people:read', 'customers:read', 'surveys:read', 'surveys:manage', 'responses:read'],
  manager: ['people:read', 'customers:read', 'customers:write', 'surveys:read', 'responses:read'],
  employee: ['people:read', 'customers:read', 'surveys:read'],
};

export type Actor =
  | { type: 'user'; employeeId: string; role: Role; sessionId: string }
  | { type: 'api_key'; keyId: string; scopes: readonly Permission[] }
  | { type: 'system' };

/** What every service function receives: the database (or transaction), the tenant and who acts. */
export interface Ctx {
  db: Db;
  orgId: string;
  actor: Actor;
  ip?: string | null;
}

export function can(actor: Actor, permission: Permission): boolean {
  switch (actor.type) {
    case 'system':
      return true;
    case 'user':
      return ROLE_PERMISSIONS[actor.role].includes(permission);
    case 'api_key':
      return actor.scopes.includes(permission);
  }
}

/** Permission checks live in services so every caller (HTTP, CLI, jobs) gets the same rules. */
export function authorize(ctx: Ctx, permission: Permission): void {
  if (!can(ctx.actor, permission)) throw forbidden(`This needs the "${permission}" permission`);
}

export function requireUser(ctx: Ctx): Extract<Actor, { type: 'user' }> {
  if (ctx.actor.type !== 'user') throw new AppError('FORBIDDEN', 'Only a signed-in person can do this');
  return ctx.actor;
}

export const withDb = (ctx: Ctx, db: Db): Ctx => ({ ...ctx, db });
