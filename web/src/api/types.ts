// Shapes of the JSON the API returns (see the OpenAPI document at /api/openapi.json).

export type Role = 'admin' | 'leader' | 'manager' | 'employee';
export const ROLES: readonly Role[] = ['admin', 'leader', 'manager', 'employee'];
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  leader: 'Leader',
  manager: 'Manager',
  employee: 'Employee',
};

export interface Organisation {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  currency: string;
}

export interface Me {
  employee: { id: string; name: string; preferredName: string | null; email: string; role: Role };
  org: Organisation;
  csrfToken: string;
}

export interface OrgChoice {
  slug: string;
  name: string;
}

export interface Employee {
  id: string;
  name: string;
  preferredName: string | null;
  email: string;
  role: Role;
  active: boolean;
  startDate: string | null;
  teamIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Membership {
  teamId: string;
  teamName: string;
  startedAt: string;
  endedAt: string | null;
}

export type TeamKind = 'department' | 'team' | 'sub_team';
export const TEAM_KIND_LABELS: Record<TeamKind, string> = {
  department: 'Department',
  team: 'Team',
  sub_team: 'Sub-team',
};

export interface Team {
  id: string;
  name: string;
  kind: TeamKind;
  parentId: string | null;
  managerIds: string[];
  memberCount: number;
}

export interface RosterReport {
  dryRun: boolean;
  ok: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  teamsCreated: string[];
  errors: { row: number; field: string | null; message: string }[];
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEvent {
  id: string;
  at: string;
  actorType: 'user' | 'api_key' | 'system';
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}
