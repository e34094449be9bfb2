import { z } from 'zod';
import { ImportInput, ImportReport } from '../../server/csv-import.ts';

export const RoleSchema = z.enum(['admin', 'leader', 'manager', 'employee']);
export const TeamKindSchema = z.enum(['department', 'team', 'sub_team']);
// PostgreSQL's date has no year 0, which the ISO pattern allows; refusing it here keeps it a 400.
export const IsoDate = z.iso
  .date('a date as YYYY-MM-DD')
  .refine((d) => !d.startsWith('0000'), 'a date from the year 1 on');
const Email = z
  .email()
  .max(254)
  .transform((e) => e.trim());

export const OrganisationView = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  currency: z.string(),
});

const OrganisationName = z.string().trim().min(1).max(200);
const TimeZone = z
  .string()
  .refine(
    (tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC',
    'an IANA time zone such as Europe/Berlin',
  );
const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

export const CreateOrganisationInput = z.strictObject({
  name: OrganisationName,
  slug: z
    .string()
    .regex(
      /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/,
      'lowercase letters, digits and dashes, up to 50 characters',
    ),
  timeZone: TimeZone.default('UTC'),
  currency: Currency.default('EUR'),
});
// Written out rather than `.partial()` of the above: zod 4 applies defaults inside optional fields,
// so a PATCH naming only `name` would reset the time zone and currency.
export const UpdateOrganisationInput = z.strictObject({
  name: OrganisationName.optional(),
  timeZone: TimeZone.optional(),
  currency: Currency.optional(),
});

export const EmployeeView = z.object({
  id: z.uuid(),
  name: z.string(),
  preferredName: z.string().nullable(),
  email: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  startDate: z.string().nullable(),
  teamIds: z.array(z.uuid()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EmployeeView = z.infer<typeof EmployeeView>;

export const CreateEmployeeInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  preferredName: z.string().trim().max(100).nullish(),
  email: Email,
  role: RoleSchema.default('employee'),
  startDate: IsoDate.nullish(),
  teamIds: z.array(z.uuid()).max(50).default([]),
});
export type CreateEmployeeInput = z.infer<typeof CreateEmployeeInput>;

export const UpdateEmployeeInput = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  preferredName: z.string().trim().max(100).nullish(),
  email: Email.optional(),
  role: RoleSchema.optional(),
  startDate: IsoDate.nullish(),
  active: z.boolean().optional(),
  teamIds: z.array(z.uuid()).max(50).optional(),
});
export type UpdateEmployeeInput = z.infer<typeof UpdateEmployeeInput>;

export const ListEmployeesQuery = z.strictObject({
  q: z.string().max(200).optional(),
  role: RoleSchema.optional(),
  active: z.enum(['true', 'false']).optional(),
  teamId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListEmployeesQuery = z.infer<typeof ListEmployeesQuery>;

export const MembershipView = z.object({
  teamId: z.uuid(),
  teamName: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});

export const TeamView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: TeamKindSchema,
  parentId: z.uuid().nullable(),
  managerIds: z.array(z.uuid()),
  memberCount: z.number().int(),
});
export type TeamView = z.infer<typeof TeamView>;

export const CreateTeamInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: TeamKindSchema,
  parentId: z.uuid().nullish(),
  managerIds: z.array(z.uuid()).max(20).default([]),
});
export type CreateTeamInput = z.infer<typeof CreateTeamInput>;

export const UpdateTeamInput = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  parentId: z.uuid().nullish(),
  managerIds: z.array(z.uuid()).max(20).optional(),
});
export type UpdateTeamInput = z.infer<typeof UpdateTeamInput>;

export const RosterImportInput = ImportInput.extend({ deactivateMissing: z.boolean().default(false) });

export const RosterReport = ImportReport.extend({
  deactivated: z.number().int(),
  teamsCreated: z.array(z.string()),
});
export type RosterReport = z.infer<typeof RosterReport>;
