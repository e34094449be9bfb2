import { z } from 'zod';
import { IsoDateTime } from '../../server/http.ts';
import { IsoDate } from '../people/people.api.ts';
import {
  CASE_EVENT_KINDS,
  CASE_STATUSES,
  CONTACT_CHANNELS,
  FOLLOW_UP_SKIPS,
  GOODWILL_KINDS,
  GOODWILL_STATUSES,
  OUTCOMES,
  OWNER_RULES,
  RULE_KINDS,
} from './cases.tables.ts';

const Person = z.object({ id: z.uuid(), name: z.string() }).nullable();
const Money = z.number().min(0).max(1e9);
const RootCause = z.string().trim().min(1).max(80);

export const CaseSummary = z.object({
  id: z.uuid(),
  status: z.enum(CASE_STATUSES),
  origin: z.enum(['rule', 'manual']),
  reason: z.string(),
  customer: z.object({ id: z.uuid(), name: z.string().nullable(), email: z.string().nullable() }).nullable(),
  owner: Person,
  team: Person,
  responseId: z.uuid().nullable(),
  score: z.number().nullable(),
  openedAt: z.string(),
  firstContactDue: z.string(),
  resolutionDue: z.string(),
  firstContactedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** A deadline of the current cycle has passed unmet. */
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
  rootCauses: z.array(z.string()),
  outcome: z.enum(OUTCOMES).nullable(),
  cycle: z.number().int(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseEventView = z.object({
  id: z.uuid(),
  kind: z.enum(CASE_EVENT_KINDS),
  actor: Person,
  channel: z.enum(CONTACT_CHANNELS).nullable(),
  body: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  at: z.string(),
});

export const GoodwillView = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  kind: z.enum(GOODWILL_KINDS),
  amount: z.number(),
  description: z.string().nullable(),
  status: z.enum(GOODWILL_STATUSES),
  requestedBy: Person,
  approver: Person,
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
});
export type GoodwillView = z.infer<typeof GoodwillView>;

/** The one-question survey sent after resolution (the latest cycle's) and its answer. */
export const FollowUpView = z.object({
  cycle: z.number().int(),
  status: z.enum(['scheduled', 'skipped', 'sent', 'bounced', 'answered']),
  dueAt: z.string(),
  skipped: z.enum(FOLLOW_UP_SKIPS).nullable(),
  sentAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  responseId: z.uuid().nullable(),
  /** 1–5: how well we put things right. */
  score: z.number().nullable(),
  comment: z.string().nullable(),
  scaleMax: z.number().int(),
  /** Answered 4 or 5. */
  recovered: z.boolean().nullable(),
});
export type FollowUpView = z.infer<typeof FollowUpView>;

export const CaseDetail = CaseSummary.extend({
  interactionId: z.uuid().nullable(),
  ruleId: z.uuid().nullable(),
  watchers: z.array(z.object({ id: z.uuid(), name: z.string() })),
  responses: z.array(
    z.object({
      id: z.uuid(),
      surveyKind: z.string(),
      score: z.number().nullable(),
      comment: z.string().nullable(),
      submittedAt: z.string(),
    }),
  ),
  events: z.array(CaseEventView),
  goodwill: z.array(GoodwillView),
  /** What the signed-in person may grant on the spot, and the organisation's currency. */
  goodwillLimit: z.number().nullable(),
  currency: z.string(),
  rootCauseOptions: z.array(z.string()),
  followUp: FollowUpView.nullable(),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const ListCasesQuery = z.strictObject({
  /** mine: I own it; watching: I watch it; team: my teams' (and their sub-teams'); all: everything I may see. */
  scope: z.enum(['mine', 'watching', 'team', 'all']).default('all'),
  status: z.enum(['open', 'new', 'contacted', 'resolved', 'closed', 'any']).default('open'),
  overdue: z.enum(['true', 'false']).optional(),
  customerId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListCasesQuery = z.infer<typeof ListCasesQuery>;

export const OpenCaseInput = z
  .strictObject({
    responseId: z.uuid().optional(),
    customerId: z.uuid().optional(),
    reason: z.string().trim().min(1).max(500).optional(),
    ownerId: z.uuid().optional(),
  })
  .refine((i) => Boolean(i.responseId) !== Boolean(i.customerId), {
    message: 'give exactly one of responseId and customerId',
  });
export type OpenCaseInput = z.infer<typeof OpenCaseInput>;

export const UpdateCaseInput = z.strictObject({
  ownerId: z.uuid().optional(),
  status: z.enum(['contacted', 'resolved', 'closed']).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  rootCauses: z.array(RootCause).max(20).optional(),
  watcherIds: z.array(z.uuid()).max(50).optional(),
});
export type UpdateCaseInput = z.infer<typeof UpdateCaseInput>;

export const AddNoteInput = z.strictObject({ body: z.string().trim().min(1).max(10_000) });
export const LogContactInput = z.strictObject({
  channel: z.enum(CONTACT_CHANNELS),
  /** Whether the customer was reached; an unanswered call is logged but is not a first contact. */
  reached: z.boolean().default(true),
  body: z.string().trim().max(10_000).optional(),
  at: IsoDateTime.optional(),
});
export type LogContactInput = z.infer<typeof LogContactInput>;

export const EmailCustomerInput = z.strictObject({
  template: z.enum(['apology', 'follow_up', 'custom']).default('custom'),
  subject: z.string().trim().min(1).max(300).optional(),
  body: z.string().trim().min(1).max(20_000).optional(),
});
export type EmailCustomerInput = z.infer<typeof EmailCustomerInput>;

export const GoodwillInput = z.strictObject({
  kind: z.enum(GOODWILL_KINDS),
  amount: Money,
  description: z.string().trim().max(2000).optional(),
});
export type GoodwillInput = z.infer<typeof GoodwillInput>;

export const DecideGoodwillInput = z.strictObject({
  approve: z.boolean(),
  note: z.string().trim().max(2000).optional(),
});

const LimitsSchema = z.strictObject({ employee: Money, manager: Money, leader: Money, admin: Money });

export const CaseSettingsView = z.object({
  businessDays: z.array(z.number().int().min(1).max(7)),
  businessStart: z.string(),
  businessEnd: z.string(),
  holidays: z.array(z.string()),
  timeZone: z.string(),
  currency: z.string(),
  firstContactHours: z.number().int(),
  resolutionDays: z.number().int(),
  reminderHours: z.number().int(),
  escalationHours: z.number().int(),
  ownerRule: z.enum(OWNER_RULES),
  rootCauses: z.array(z.string()),
  goodwillLimits: LimitsSchema,
  lostAfterDays: z.number().int(),
  followUpEnabled: z.boolean(),
  followUpDelayHours: z.number().int(),
});
export type CaseSettingsView = z.infer<typeof CaseSettingsView>;

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time such as 09:00');
export const UpdateCaseSettingsInput = z
  .strictObject({
    businessDays: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .refine((d) => new Set(d).size === d.length, 'each day once'),
    businessStart: HourMinute,
    businessEnd: HourMinute,
    holidays: z.array(IsoDate).max(366),
    firstContactHours: z.number().int().min(1).max(2000),
    resolutionDays: z.number().int().min(1).max(365),
    reminderHours: z.number().int().min(0).max(2000),
    escalationHours: z.number().int().min(1).max(2000),
    ownerRule: z.enum(OWNER_RULES),
    rootCauses: z.array(RootCause).max(100),
    goodwillLimits: LimitsSchema,
    lostAfterDays: z.number().int().min(1).max(3650),
    followUpEnabled: z.boolean(),
    /** Wall-clock hours after resolution; 0 sends at once. */
    followUpDelayHours: z.number().int().min(0).max(2160),
  })
  .partial();
export type UpdateCaseSettingsInput = z.infer<typeof UpdateCaseSettingsInput>;

export const CaseRuleView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(RULE_KINDS),
  threshold: z.number().int().nullable(),
  keywords: z.array(z.string()),
  surveyId: z.uuid().nullable(),
  active: z.boolean(),
});
export type CaseRuleView = z.infer<typeof CaseRuleView>;

const RuleFields = {
  name: z.string().trim().min(1).max(200),
  threshold: z.number().int().min(0).max(10).nullable(),
  keywords: z.array(z.string().trim().min(1).max(100)).max(100),
  surveyId: z.uuid().nullable(),
  active: z.boolean(),
};
export const CreateCaseRuleInput = z.strictObject({
  kind: z.enum(RULE_KINDS),
  ...RuleFields,
  threshold: RuleFields.threshold.optional(),
  keywords: RuleFields.keywords.optional(),
  surveyId: RuleFields.surveyId.optional(),
  active: RuleFields.active.optional(),
});
export type CreateCaseRuleInput = z.infer<typeof CreateCaseRuleInput>;
export const UpdateCaseRuleInput = z.strictObject(RuleFields).partial();
export type UpdateCaseRuleInput = z.infer<typeof UpdateCaseRuleInput>;

export const LoyaltyView = z.object({
  customerId: z.uuid(),
  status: z.enum(['promoter', 'passive', 'detractor', 'at_risk', 'recovered', 'lost', 'unknown']),
  why: z.string(),
  lastScore: z.object({ surveyKind: z.string(), score: z.number(), at: z.string() }).nullable(),
});
export type LoyaltyView = z.infer<typeof LoyaltyView>;

export const TimelineEntry = z.object({
  kind: z.enum(['interaction', 'response', 'case', 'goodwill']),
  id: z.uuid(),
  at: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  /** The case a case or goodwill entry belongs to (for its link); null otherwise. */
  caseId: z.uuid().nullable(),
});

export const ReportQuery = z.strictObject({ from: IsoDateTime.optional(), to: IsoDateTime.optional() });
const Compliance = z.object({
  id: z.uuid().nullable(),
  name: z.string(),
  cases: z.number().int(),
  firstContactMet: z.number().int(),
  resolutionMet: z.number().int(),
  /** Share of cases whose deadlines have come and were met, 0–1; null before any deadline came. */
  compliance: z.number().nullable(),
  /** Cases resolved with an outcome, and how many of them were recovered. */
  settled: z.number().int(),
  recovered: z.number().int(),
  recoveryRate: z.number().nullable(),
  /** Follow-up answers (1–5) and the share of them 4 or 5: recovery as the customer measured it. */
  followUpAnswers: z.number().int(),
  recoveryScore: z.number().nullable(),
  measuredRecovery: z.number().nullable(),
});
export const CaseReport = z.object({
  from: z.string(),
  to: z.string(),
  opened: z.number().int(),
  resolved: z.number().int(),
  recovered: z.number().int(),
  retained: z.number().int(),
  lost: z.number().int(),
  /** recovered / resolved cases with an outcome; null when none resolved. */
  recoveryRate: z.number().nullable(),
  /** Median business hours from opening to first contact. */
  medianHoursToFirstContact: z.number().nullable(),
  byTeam: z.array(Compliance),
  byOwner: z.array(Compliance),
  topRootCauses: z.array(z.object({ rootCause: z.string(), cases: z.number().int() })),
  /** Measured recovery: the one-question survey after resolution. */
  followUp: z.object({
    sent: z.number().int(),
    answered: z.number().int(),
    /** Mean answer, 1–5. */
    recoveryScore: z.number().nullable(),
    /** Share of answers 4 or 5. */
    measuredRecovery: z.number().nullable(),
  }),
  goodwill: z.object({
    approvedTotal: z.number(),
    actions: z.number().int(),
    customersRecovered: z.number().int(),
    perRecoveredCustomer: z.number().nullable(),
    currency: z.string(),
  }),
});
export type CaseReport = z.infer<typeof CaseReport>;
