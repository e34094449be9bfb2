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
  // Recognition and feedback: read the wall, give kudos, manage the programme, give private
  // feedback, see managers' feedback coverage.
  'recognition:read',
  'recognition:give',
  'recognition:manage',
  // Open award rounds (nominations for a periodic award) and approve their winners.
  'recognition:awards',
  'feedback:give',
  'feedback:coverage',
  // Close the loop: see and work cases, manage triggers, deadlines and goodwill limits.
  'cases:read',
  'cases:write',
  'cases:admin',
  // Analytics: read every figure (and export it); set targets.
  'analytics:read',
  'analytics:manage',
  // Text analytics: the organisation's themes, theme labels and trained classifiers.
  'text:manage',
  // Culture: run pulses and the statement bank (manage); see pulse results, always behind the
  // anonymity guard (results); own action plans that answer them (actions).
  'culture:manage',
  'culture:results',
  'culture:actions',
  // Strategy and communication: read the strategy and its history (everyone signed in; API keys
  // given the scope); publish the strategy, priorities and announcements and see reach (manage).
  'strategy:read',
  'strategy:manage',
  // Leadership scorecard: everyone's card (admins, API keys). Leaders see their own card and their
  // reports' without it.
  'scorecards:read',
  // Training: the catalogue and assignment rules (manage); assign modules to one's team (assign);
  // see completion of others (progress).
  'training:manage',
  'training:assign',
  'training:progress',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Everyone recognises and gives feedback; managers and leaders see coverage; leaders run the programme.
const RECOGNITION_GRANTS: Record<Exclude<Role, 'admin'>, readonly Permission[]> = {
  leader: [
    'recognition:read',
    'recognition:give',
    'recognition:manage',
    'recognition:awards',
    'feedback:give',
    'feedback:coverage',
  ],
  manager: [
    'recognition:read',
    'recognition:give',
    'recognition:awards',
    'feedback:give',
    'feedback:coverage',
  ],
  employee: ['recognition:read', 'recognition:give', 'feedback:give'],
};

// Everyone owns and works cases (frontline ownership); leaders set the rules and limits.
const CASE_GRANTS: Record<Exclude<Role, 'admin'>, readonly Permission[]> = {
  leader: ['cases:read', 'cases:write', 'cases:admin'],
  manager: ['cases:read', 'cases:write'],
  employee: ['cases:read', 'cases:write'],
};

// Managers and leaders see where they stand; leaders set the targets. Employees see their own
// scores only (src/domains/analytics/people-scores.service.ts allows that without a grant).
const ANALYTICS_GRANTS: Record<Exclude<Role, 'admin'>, readonly Permission[]> = {
  leader: ['analytics:read', 'analytics:manage'],
  manager: ['analytics:read'],
  employee: [],
};

// Leaders run culture pulses, publish the strategy and own the training catalogue; managers see
// their teams' pulse results (guarded), own action plans and assign training to their team.
// Everyone reads the strategy; everyone answers pulses, acknowledges the strategy and takes training
// without a grant.
const CULTURE_STRATEGY_TRAINING_GRANTS: Record<Exclude<Role, 'admin'>, readonly Permission[]> = {
  leader: [
    'culture:manage',
    'culture:results',
    'culture:actions',
    'strategy:read',
    'strategy:manage',
    'training:manage',
    'training:assign',
    'training:progress',
  ],
  manager: ['culture:results', 'culture:actions', 'strategy:read', 'training:assign', 'training:progress'],
  employee: ['strategy:read'],
};

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  leader: [
    'people:read',
    'customers:read',
    'surveys:read',
    'surveys:manage',
    'responses:read',
    ...RECOGNITION_GRANTS.leader,
    ...CASE_GRANTS.leader,
    ...ANALYTICS_GRANTS.leader,
    ...CULTURE_STRATEGY_TRAINING_GRANTS.leader,
    'text:manage',
  ],
  manager: [
    'people:read',
    'customers:read',
    'customers:write',
    'surveys:read',
    'responses:read',
    ...RECOGNITION_GRANTS.manager,
    ...CASE_GRANTS.manager,
    ...ANALYTICS_GRANTS.manager,
    ...CULTURE_STRATEGY_TRAINING_GRANTS.manager,
    'text:manage',
  ],
  employee: [
    'people:read',
    'customers:read',
    'surveys:read',
    ...RECOGNITION_GRANTS.employee,
    ...CASE_GRANTS.employee,
    ...ANALYTICS_GRANTS.employee,
    ...CULTURE_STRATEGY_TRAINING_GRANTS.employee,
  ],
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
