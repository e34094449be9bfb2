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

export interface ImportRowError {
  /** The file's line number (the header is line 1). */
  row: number;
  field: string | null;
  message: string;
}

/** What every CSV import answers; with any error `ok` is false and nothing was (or would be) written. */
export interface ImportReport {
  dryRun: boolean;
  ok: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
}

export interface RosterReport extends ImportReport {
  deactivated: number;
  teamsCreated: string[];
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

// ── Voice of the customer ────────────────────────────────────────────────────────────────────

export type Language = 'en' | 'es' | 'de';
export const LANGUAGES: readonly Language[] = ['en', 'es', 'de'];
export const LANGUAGE_LABELS: Record<Language, string> = { en: 'English', es: 'Spanish', de: 'German' };

/** Text in several languages; English is required and is the fallback for a missing translation. */
export interface Translated {
  en: string;
  es?: string;
  de?: string;
}

export interface ShowIf {
  scoreMin: number;
  scoreMax: number;
}

export interface QuestionOption {
  id: string;
  label: Translated;
}

interface QuestionBase {
  id: string;
  label: Translated;
  help?: Translated;
  required: boolean;
  showIf?: ShowIf;
}

interface ScaleLabels {
  lowLabel?: Translated;
  highLabel?: Translated;
}

export type Question =
  | (QuestionBase & ScaleLabels & { type: 'nps' | 'csat' | 'ces' })
  | (QuestionBase & ScaleLabels & { type: 'rating'; min: number; max: number })
  | (QuestionBase & { type: 'single' | 'multiple'; options: QuestionOption[] })
  | (QuestionBase & { type: 'text'; maxLength: number });
export type QuestionType = Question['type'];

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  nps: 'NPS (0–10)',
  csat: 'CSAT (1–5)',
  ces: 'Customer effort (1–7)',
  rating: 'Rating scale',
  single: 'Single choice',
  multiple: 'Multiple choice',
  text: 'Free text',
};

export interface SurveyDefinition {
  languages: Language[];
  title: Translated;
  intro?: Translated;
  thankYou: Translated;
  brandColor: string;
  logoUrl?: string;
  questions: Question[];
}

export type SurveyKind = 'nps' | 'csat' | 'ces' | 'custom';
export const SURVEY_KINDS: readonly SurveyKind[] = ['nps', 'csat', 'ces', 'custom'];
export const SURVEY_KIND_LABELS: Record<SurveyKind, string> = {
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  custom: 'Custom',
};

export type SurveyStatus = 'draft' | 'active' | 'archived';
export const SURVEY_STATUSES: readonly SurveyStatus[] = ['draft', 'active', 'archived'];
export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = {
  draft: 'Draft',
  active: 'Active',
  archived: 'Archived',
};

export interface Survey {
  id: string;
  kind: SurveyKind;
  name: string;
  status: SurveyStatus;
  definition: SurveyDefinition;
  activeFrom: string | null;
  activeUntil: string | null;
  linkUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export type InvitationStatus = 'scheduled' | 'sent' | 'opened' | 'answered' | 'bounced' | 'created';
export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  created: 'Created',
  scheduled: 'Scheduled',
  sent: 'Sent',
  opened: 'Opened',
  answered: 'Answered',
  bounced: 'Bounced',
};

export interface Invitation {
  id: string;
  surveyId: string;
  customerId: string;
  customerName: string | null;
  customerEmail: string | null;
  interactionId: string | null;
  channel: 'email' | 'link' | 'embed' | 'api';
  locale: string;
  url: string;
  status: InvitationStatus;
  scheduledFor: string | null;
  sentAt: string | null;
  openedAt: string | null;
  answeredAt: string | null;
  bouncedAt: string | null;
  remindedAt: string | null;
  createdAt: string;
}

export interface Customer {
  id: string;
  externalId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  segment: string | null;
  value: number | null;
  locale: string | null;
  consentEmail: boolean;
  consentPublishName: boolean;
  unsubscribedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type InteractionChannel = 'email' | 'phone' | 'chat' | 'in_person' | 'field_visit' | 'order';
export const CHANNEL_LABELS: Record<string, string> = {
  email: 'Email',
  phone: 'Phone',
  chat: 'Chat',
  in_person: 'In person',
  field_visit: 'Field visit',
  order: 'Order',
  link: 'Link',
  embed: 'Embed',
  api: 'API',
  import: 'Import',
};

export interface Interaction {
  id: string;
  customerId: string;
  customerName: string | null;
  channel: InteractionChannel;
  occurredAt: string;
  teamId: string | null;
  employeeIds: string[];
  externalRef: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
}

export type AnswerValue = number | string | string[];

export interface SurveyResponse {
  id: string;
  surveyId: string;
  invitationId: string | null;
  customerId: string | null;
  customerName: string | null;
  interactionId: string | null;
  teamId: string | null;
  employeeIds: string[];
  channel: string | null;
  source: 'email' | 'link' | 'embed' | 'api' | 'import';
  locale: string;
  score: number | null;
  answers: Record<string, AnswerValue>;
  comment: string | null;
  submittedAt: string;
  updatedAt: string;
  /** The comment's text analysis (detail view only; null until analysed). */
  text?: ResponseText | null;
}

export type Sentiment = 'negative' | 'neutral' | 'positive';

export interface TextSpan {
  start: number;
  end: number;
  phrase: string;
}

/** What text analytics found in a comment: offsets are UTF-16 positions in the comment. */
export interface ResponseText {
  sentiment: Sentiment;
  sentimentScore: number;
  praise: boolean;
  complaint: boolean;
  themes: { key: string; name: string; spans: TextSpan[] }[];
  mentions: { employeeId: string; name: string; text: string; start: number; end: number }[];
  model: string;
  modelVersion: string;
  analysedAt: string;
}

export interface TextTheme {
  key: string;
  name: string;
  phrases: string[];
  builtIn: boolean;
  organisationPhrases: string[];
  /** Comments managers labelled with this theme. */
  labelled: number;
}

/** A zod issue as the API reports it in `error.details.issues`; `path` is dotted, e.g. `body.definition.title.en`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export const INTERACTION_CHANNELS: readonly InteractionChannel[] = [
  'email',
  'phone',
  'chat',
  'in_person',
  'field_visit',
  'order',
];

export interface DistributionRule {
  id: string;
  surveyId: string;
  name: string;
  /** Empty: every channel. */
  channels: InteractionChannel[];
  /** Empty: every team. */
  teamIds: string[];
  delayMinutes: number;
  samplingPercent: number;
  /** 0: no limit. */
  fatigueDays: number;
  /** null: no reminder. */
  reminderDays: number | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

// ── Integrations ─────────────────────────────────────────────────────────────────────────────

export type WebhookKind = 'zendesk' | 'freshdesk' | 'generic';
export const WEBHOOK_KINDS: readonly WebhookKind[] = ['zendesk', 'freshdesk', 'generic'];
export const WEBHOOK_KIND_LABELS: Record<WebhookKind, string> = {
  zendesk: 'Zendesk',
  freshdesk: 'Freshdesk',
  generic: 'Any JSON (generic)',
};

export interface GenericMapping {
  externalRef: string;
  occurredAt?: string;
  channel?: string;
  fixedChannel?: InteractionChannel;
  customerEmail?: string;
  customerName?: string;
  customerExternalId?: string;
  agentEmail?: string;
  teamName?: string;
  condition?: { path: string; equals: string[] };
}

export interface InboundWebhook {
  id: string;
  name: string;
  kind: WebhookKind;
  /** Where the helpdesk posts. */
  url: string;
  secret: string;
  /** How deliveries must be signed. */
  signature: string;
  /** The JSON body to paste into Zendesk or Freshdesk; null for generic webhooks. */
  bodyTemplate: string | null;
  mapping: GenericMapping | null;
  defaultChannel: InteractionChannel;
  active: boolean;
  createdAt: string;
}

export type DeliveryStatus = 'accepted' | 'ignored' | 'rejected';

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  receivedAt: string;
  signatureOk: boolean;
  status: DeliveryStatus;
  httpStatus: number;
  error: string | null;
  payload: unknown;
  interactionId: string | null;
}

export interface DeadJob {
  id: string;
  queue: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  runAt: string;
  deadAt: string;
  createdAt: string;
}
