import { z } from 'zod';
import { OrganisationView, RoleSchema } from '../people/people.api.ts';

export const SignInInput = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1000),
  org: z.string().max(50).optional(),
});

export const MeView = z.object({
  employee: z.object({
    id: z.uuid(),
    name: z.string(),
    preferredName: z.string().nullable(),
    email: z.string(),
    role: RoleSchema,
  }),
  org: OrganisationView,
  csrfToken: z.string(),
});

export const PasswordResetRequestInput = z.strictObject({ email: z.string().trim().min(3).max(254) });
export const PasswordResetCompleteInput = z.strictObject({
  // Any string: a wrong token gets the service's "expired or already used" message, not a length error.
  token: z.string().max(200),
  password: z.string().max(1000),
});

export const ApiKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const CreateApiKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.string().max(50)).min(1).max(50),
});

export const AuditEventView = z.object({
  id: z.uuid(),
  at: z.string(),
  actorType: z.enum(['user', 'api_key', 'system']),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.uuid().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
