import { eq, type SQL } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../db/client.ts';
import { notifications } from '../domains/notifications/notifications.tables.ts';
import { coachingGoals, oneOnOnes } from '../domains/recognition/coaching.tables.ts';
import { customerPraise } from '../domains/recognition/recognition.tables.ts';
import type { OutgoingEmail } from '../integrations/email.ts';
import { buildTestApp, type Session, signInAs, withApiKey } from '../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../test/seed.ts';

/**
 * The cross-tenant proof: every route in the OpenAPI document, called by organisation A (an admin's
 * session and an API key with every scope), never reads, changes or confirms the existence of
 * anything in organisation B. Resources of B answer 404 exactly as an id that exists nowhere would.
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type ResourceKind =
  | 'story'
  | 'praise'
  | 'feedback'
  | 'oneOnOne'
  | 'coachingGoal'
  | 'notification'
  | 'outboundWebhook'
  | 'employee'
  | 'team'
  | 'apiKey'
  | 'customer'
  | 'interaction'
  | 'survey'
  | 'response'
  | 'distributionRule'
  | 'inboundWebhook'
  | 'case'
  | 'caseRule'
  | 'goodwill'
  | 'pulse'
  | 'statement'
  | 'target'
  | 'strategyVersion'
  | 'announcement'
  | 'actionPlan'
  | 'climateAssessment'
  | 'internalRound'
  | 'trainingModule'
  | 'trainingPath'
  | 'trainingRule'
  | 'awardRound'
  | 'nomination';

/** Organisation B's resources, one of each kind that has an `{id}` route. */
interface Victim {
  org: SeededOrg;
  admin: Session;
  ids: Record<ResourceKind, string>;
  /** Every id of B, to search A's answers for. */
  allIds: string[];
}

/** Ids an org A body can refer to: B's (must be unknown to A) or fresh ones (unknown to everyone). */
interface Refs {
  employee: string;
  team: string;
  department: string;
  customer: string;
  survey: string;
  email: string;
}

type RouteCase =
  /** A public route (`security: []`): it belongs to no organisation, so there is nothing to cross. */
  | { public: string }
  /** A read of no particular resource: A's answer must not contain any id of B. */
  | { collection: true; query?: (b: Refs) => string; url?: string }
  /** A route on one resource: B's id substituted for each path parameter must answer 404. */
  | { params: Record<string, ResourceKind>; body?: () => unknown }
  /**
   * A write to A's own collection. Called with B's ids in the body and with ids that exist nowhere,
   * it must answer the same both times (B's ids are simply unknown) and leave B unchanged.
   */
  | { write: (refs: Refs, nonce: string) => unknown; endsSession?: true; url?: string };

// Every operation in the OpenAPI document needs an entry; the first test fails naming the missing ones.
const ROUTES: Record<string, RouteCase> = {
  'GET /api/health': { public: 'health check; reports nothing about any organisation' },
  'POST /api/v1/auth/sign-in': { public: 'signs in; the organisation comes from the credentials' },
  'POST /api/v1/auth/password-reset/request': {
    public: 'answers the same for every email (auth.int.test.ts proves it)',
  },
  'POST /api/v1/auth/password-reset/complete': { public: 'acts on the holder of a secret token only' },

  'POST /api/v1/auth/sign-out': { write: () => undefined, endsSession: true },
  'POST /api/v1/auth/sign-out-everywhere': { write: () => undefined, endsSession: true },
  'GET /api/v1/auth/me': { collection: true },
  'GET /api/v1/api-keys': { collection: true },
  'GET /api/v1/api-keys/scopes': { collection: true },
  'POST /api/v1/api-keys': { write: (_, nonce) => ({ name: `Key ${nonce}`, scopes: ['people:read'] }) },
  'DELETE /api/v1/api-keys/{id}': { params: { id: 'apiKey' } },
  'GET /api/v1/audit-events': { collection: true, query: () => 'limit=200' },

  'GET /api/v1/text/themes': { collection: true },
  'PUT /api/v1/text/themes': {
    write: (_, nonce) => ({
      key: `t_${nonce}`.toLowerCase().replace(/[^a-z0-9_]/g, '_'),
      name: 'Parking',
      phrases: ['car park'],
    }),
  },
  // B has a theme b_parking: A deleting that key must find nothing and leave B's theme alone.
  'DELETE /api/v1/text/themes/{key}': { write: () => undefined, url: '/api/v1/text/themes/b_parking' },
  'GET /api/v1/text/reanalysis': { collection: true },
  'POST /api/v1/text/reanalysis': { write: () => undefined },
  'GET /api/v1/responses/{id}/theme-labels': { params: { id: 'response' } },
  'PUT /api/v1/responses/{id}/theme-labels': {
    params: { id: 'response' },
    body: () => ({ themes: ['responsiveness'] }),
  },
  'GET /api/v1/text/models': { collection: true },
  'POST /api/v1/text/models/sentiment/train': { write: () => undefined },
  'POST /api/v1/text/models/themes/train': { write: () => undefined },
  'GET /api/v1/organisation': { collection: true },
  'PATCH /api/v1/organisation': { write: (_, nonce) => ({ name: `Org A ${nonce}` }) },
  'GET /api/v1/employees': { collection: true, query: (b) => `limit=500&teamId=${b.team}` },
  'POST /api/v1/employees': {
    write: (b, nonce) => ({ name: 'New Person', email: `new-${nonce}@a.example`, teamIds: [b.team] }),
  },
  'GET /api/v1/employees/{id}': { params: { id: 'employee' } },
  'PATCH /api/v1/employees/{id}': {
    params: { id: 'employee' },
    body: () => ({ name: 'Taken Over', role: 'admin', active: false }),
  },
  'GET /api/v1/employees/{id}/memberships': { params: { id: 'employee' } },
  'POST /api/v1/employees/{id}/invitation': { params: { id: 'employee' } },
  'GET /api/v1/teams': { collection: true },
  'POST /api/v1/teams': {
    write: (b, nonce) => ({ name: `Team ${nonce}`, kind: 'team', parentId: b.department }),
  },
  'GET /api/v1/teams/{id}': { params: { id: 'team' } },
  'PATCH /api/v1/teams/{id}': {
    params: { id: 'team' },
    body: () => ({ name: 'Taken Over', parentId: null }),
  },
  'GET /api/v1/customers': { collection: true, query: () => 'limit=500' },
  'GET /api/v1/customers/segments': { collection: true },
  'POST /api/v1/customers': {
    write: (_, nonce) => ({ name: 'New Customer', externalId: `ext-${nonce}` }),
  },
  'GET /api/v1/customers/{id}': { params: { id: 'customer' } },
  'PATCH /api/v1/customers/{id}': { params: { id: 'customer' }, body: () => ({ name: 'Taken Over' }) },
  'GET /api/v1/interactions': {
    collection: true,
    query: (b) => `limit=500&customerId=${b.customer}&employeeId=${b.employee}&teamId=${b.team}`,
  },
  'POST /api/v1/interactions': { write: (b) => interaction(b) },
  'POST /api/v1/interactions/batch': {
    write: (b, nonce) => ({ items: [{ idempotencyKey: nonce, interaction: interaction(b) }] }),
  },
  'GET /api/v1/interactions/{id}': { params: { id: 'interaction' } },
  'GET /api/v1/surveys': { collection: true },
  'POST /api/v1/surveys': { write: (_, nonce) => ({ kind: 'nps', name: `Survey ${nonce}` }) },
  'GET /api/v1/survey-templates/{kind}': { collection: true, url: '/api/v1/survey-templates/nps' },
  'GET /api/v1/surveys/{id}': { params: { id: 'survey' } },
  'PATCH /api/v1/surveys/{id}': {
    params: { id: 'survey' },
    body: () => ({ name: 'Taken Over', status: 'archived' }),
  },
  'POST /api/v1/surveys/{id}/link': { params: { id: 'survey' } },
  'GET /api/v1/responses': { collection: true },
  'POST /api/v1/responses': { write: (b) => ({ surveyId: b.survey, score: 9 }) },
  'POST /api/v1/responses/batch': {
    write: (b, nonce) => ({ items: [{ idempotencyKey: nonce, response: { surveyId: b.survey, score: 9 } }] }),
  },
  'GET /api/v1/responses/{id}': { params: { id: 'response' } },
  'GET /api/v1/invitations': {
    collection: true,
    query: (b) => `surveyId=${b.survey}&customerId=${b.customer}`,
  },
  'POST /api/v1/invitations': { write: (b) => ({ surveyId: b.survey, customer: { id: b.customer } }) },
  'POST /api/v1/responses/validate': { write: (b) => ({ surveyId: b.survey, score: 9 }) },
  'GET /api/v1/distribution-rules': { collection: true },
  'POST /api/v1/distribution-rules': {
    write: (b, nonce) => ({ surveyId: b.survey, name: `Rule ${nonce}`, teamIds: [b.team] }),
  },
  'GET /api/v1/distribution-rules/{id}': { params: { id: 'distributionRule' } },
  'PATCH /api/v1/distribution-rules/{id}': {
    params: { id: 'distributionRule' },
    body: () => ({ name: 'Taken Over', active: false }),
  },
  'DELETE /api/v1/distribution-rules/{id}': { params: { id: 'distributionRule' } },
  'GET /api/v1/jobs/dead': { collection: true },
  'POST /api/v1/customers/import': {
    write: (b) => ({ csv: `external_id,email,name\nimp-1,${b.email},Imported Customer\n`, dryRun: false }),
  },
  'POST /api/v1/interactions/import': {
    write: (b) => ({
      csv: `occurred_at,channel,customer_email,employee_emails\n${new Date().toISOString()},phone,${b.email},${b.email}\n`,
      dryRun: false,
    }),
  },
  'POST /api/v1/responses/import': {
    write: (b) => ({
      surveyId: b.survey,
      csv: `submitted_at,score\n${new Date().toISOString()},9\n`,
      dryRun: false,
    }),
  },
  'POST /hooks/{webhookId}': { public: 'signed by the webhook secret; the webhook names its organisation' },
  'GET /api/v1/webhooks/inbound': { collection: true },
  'POST /api/v1/webhooks/inbound': { write: (_, nonce) => ({ name: `Zendesk ${nonce}`, kind: 'zendesk' }) },
  'GET /api/v1/webhooks/inbound/{id}': { params: { id: 'inboundWebhook' } },
  'PATCH /api/v1/webhooks/inbound/{id}': {
    params: { id: 'inboundWebhook' },
    body: () => ({ name: 'Taken Over', rotateSecret: true }),
  },
  'GET /api/v1/webhooks/inbound/{id}/deliveries': { params: { id: 'inboundWebhook' } },
  'GET /api/v1/cases': {
    collection: true,
    query: (b) => `status=any&scope=all&customerId=${b.customer}&ownerId=${b.employee}`,
  },
  'POST /api/v1/cases': { write: (b) => ({ customerId: b.customer, ownerId: b.employee }) },
  'GET /api/v1/cases/report': { collection: true },
  'GET /api/v1/cases/{id}': { params: { id: 'case' } },
  'PATCH /api/v1/cases/{id}': {
    params: { id: 'case' },
    body: () => ({ status: 'contacted', rootCauses: ['Billing'] }),
  },
  'POST /api/v1/cases/{id}/notes': { params: { id: 'case' }, body: () => ({ body: 'Taken over' }) },
  'POST /api/v1/cases/{id}/contacts': { params: { id: 'case' }, body: () => ({ channel: 'call' }) },
  'POST /api/v1/cases/{id}/emails': { params: { id: 'case' }, body: () => ({ template: 'apology' }) },
  'POST /api/v1/cases/{id}/goodwill': {
    params: { id: 'case' },
    body: () => ({ kind: 'credit', amount: 10 }),
  },
  'GET /api/v1/goodwill/pending': { collection: true },
  'POST /api/v1/goodwill/{id}/decision': { params: { id: 'goodwill' }, body: () => ({ approve: true }) },
  'GET /api/v1/case-settings': { collection: true },
  'PATCH /api/v1/case-settings': { write: () => ({ firstContactHours: 24 }) },
  'GET /api/v1/case-rules': { collection: true },
  'POST /api/v1/case-rules': {
    write: (b, nonce) => ({
      kind: 'keyword',
      name: `Rule ${nonce}`,
      keywords: ['refund'],
      surveyId: b.survey,
    }),
  },
  'PATCH /api/v1/case-rules/{id}': { params: { id: 'caseRule' }, body: () => ({ active: false }) },
  'DELETE /api/v1/case-rules/{id}': { params: { id: 'caseRule' } },
  'GET /api/v1/notifications': { collection: true },
  'POST /api/v1/notifications/{id}/read': { params: { id: 'notification' } },
  'POST /api/v1/notifications/read-all': { write: () => undefined },
  'GET /api/v1/notifications/preferences': { collection: true },
  'PUT /api/v1/notifications/preferences': { write: () => ({ kudos: false, cases: true }) },
  'GET /api/v1/customers/{id}/loyalty': { params: { id: 'customer' } },
  'GET /api/v1/customers/{id}/timeline': { params: { id: 'customer' } },
  'GET /api/v1/analytics/overview': {
    collection: true,
    query: (b) => `teamId=${b.team}&surveyId=${b.survey}&from=2020-01-01&interval=week`,
  },
  'GET /api/v1/analytics/teams': { collection: true, query: (b) => `teamId=${b.team}&surveyId=${b.survey}` },
  'GET /api/v1/analytics/employees': {
    collection: true,
    query: (b) => `teamId=${b.team}&surveyId=${b.survey}&minN=1`,
  },
  'GET /api/v1/analytics/employees/{id}': { params: { id: 'employee' } },
  'GET /api/v1/analytics/questions': { collection: true, query: (b) => `surveyId=${b.survey}` },
  'GET /api/v1/analytics/drivers': { collection: true, query: (b) => `surveyId=${b.survey}` },
  'GET /api/v1/analytics/responses': {
    collection: true,
    query: (b) => `employeeId=${b.employee}&teamId=${b.team}&surveyId=${b.survey}`,
  },
  'GET /api/v1/analytics/export/{table}': {
    collection: true,
    url: '/api/v1/analytics/export/responses',
    query: (b) => `employeeId=${b.employee}&surveyId=${b.survey}`,
  },
  'GET /api/v1/analytics/targets': { collection: true },
  'POST /api/v1/analytics/targets': {
    write: (b) => ({
      metric: 'nps',
      scope: 'team',
      teamId: b.team,
      comparator: '>=',
      value: 50,
      dueDate: '2030-06-30',
    }),
  },
  'GET /api/v1/analytics/targets/{id}': { params: { id: 'target' } },
  'PATCH /api/v1/analytics/targets/{id}': { params: { id: 'target' }, body: () => ({ value: -100 }) },
  'DELETE /api/v1/analytics/targets/{id}': { params: { id: 'target' } },
  'GET /api/v1/analytics/digest-subscription': { collection: true },
  'PUT /api/v1/analytics/digest-subscription': { write: () => ({ subscribed: false }) },
  'GET /api/v1/recognition/settings': { collection: true },
  'PATCH /api/v1/recognition/settings': { write: () => ({ monthlyAllowance: 120 }) },
  'GET /api/v1/recognition/allowance': { collection: true },
  'POST /api/v1/recognition/kudos': {
    write: (b) => ({ recipientIds: [b.employee], teamId: b.team, kind: 'success', message: 'Thanks' }),
  },
  'GET /api/v1/recognition/wall': { collection: true, query: (b) => `teamId=${b.team}` },
  'GET /api/v1/recognition/stories/{id}': { params: { id: 'story' } },
  'POST /api/v1/recognition/stories/{id}/reactions': {
    params: { id: 'story' },
    body: () => ({ reaction: 'heart' }),
  },
  'POST /api/v1/recognition/stories/{id}/publish': { params: { id: 'story' } },
  'DELETE /api/v1/recognition/stories/{id}/publish': { params: { id: 'story' } },
  'GET /api/v1/recognition/stories/{id}/comments': { params: { id: 'story' } },
  'POST /api/v1/recognition/stories/{id}/comments': {
    params: { id: 'story' },
    body: () => ({ body: 'Taken over' }),
  },
  'GET /api/v1/recognition/praise': { collection: true },
  'POST /api/v1/recognition/praise/{id}/recognise': { params: { id: 'praise' }, body: () => ({}) },
  'POST /api/v1/recognition/praise/{id}/dismiss': { params: { id: 'praise' } },
  'GET /api/v1/recognition/profiles/{id}': { params: { id: 'employee' } },
  'GET /api/v1/recognition/boards': { collection: true, query: () => 'minN=1&days=366' },
  'GET /api/v1/recognition/awards': { collection: true },
  'POST /api/v1/recognition/awards': {
    write: () => ({ title: 'A award', period: 'Q1', closesAt: '2030-01-01T00:00:00Z' }),
  },
  'GET /api/v1/recognition/awards/{id}': { params: { id: 'awardRound' } },
  'POST /api/v1/recognition/awards/{id}/nominations': {
    params: { id: 'awardRound' },
    body: () => ({ nomineeId: uuidv7(), reason: 'A nomination' }),
  },
  'POST /api/v1/recognition/nominations/{id}/decision': {
    params: { id: 'nomination' },
    body: () => ({ decision: 'approved' }),
  },
  'POST /api/v1/feedback': { write: (b) => ({ employeeId: b.employee, kind: 'praise', message: 'Nice' }) },
  'GET /api/v1/feedback': { collection: true, query: (b) => `employeeId=${b.employee}` },
  'GET /api/v1/feedback/coverage': { collection: true, query: (b) => `teamId=${b.team}` },
  'GET /api/v1/feedback/{id}': { params: { id: 'feedback' } },
  'POST /api/v1/feedback/{id}/acknowledge': { params: { id: 'feedback' } },
  'POST /api/v1/feedback/{id}/replies': { params: { id: 'feedback' }, body: () => ({ body: 'Taken over' }) },
  'GET /api/v1/one-on-ones': { collection: true, query: (b) => `employeeId=${b.employee}` },
  'POST /api/v1/one-on-ones': {
    write: (b) => ({ employeeId: b.employee, scheduledFor: '2030-01-01T09:00:00Z' }),
  },
  'GET /api/v1/one-on-ones/suggestions': { collection: true, query: (b) => `employeeId=${b.employee}` },
  'GET /api/v1/one-on-ones/{id}': { params: { id: 'oneOnOne' } },
  'PATCH /api/v1/one-on-ones/{id}': {
    params: { id: 'oneOnOne' },
    body: () => ({ sharedNotes: 'Taken over' }),
  },
  'GET /api/v1/coaching-goals': { collection: true, query: (b) => `employeeId=${b.employee}` },
  'POST /api/v1/coaching-goals': { write: (b) => ({ employeeId: b.employee, title: 'Taken over' }) },
  'GET /api/v1/coaching-goals/{id}': { params: { id: 'coachingGoal' } },
  'PATCH /api/v1/coaching-goals/{id}': {
    params: { id: 'coachingGoal' },
    body: () => ({ status: 'dropped' }),
  },
  'POST /api/v1/coaching-goals/{id}/check-ins': {
    params: { id: 'coachingGoal' },
    body: () => ({ progress: 10 }),
  },
  'GET /api/v1/webhooks/outbound': { collection: true },
  'POST /api/v1/webhooks/outbound': {
    write: (_, nonce) => ({ name: `Slack ${nonce}`, format: 'slack', url: 'https://hooks.slack.example/a' }),
  },
  'GET /api/v1/webhooks/outbound/{id}': { params: { id: 'outboundWebhook' } },
  'PATCH /api/v1/webhooks/outbound/{id}': {
    params: { id: 'outboundWebhook' },
    body: () => ({ name: 'Taken Over', url: 'https://taken.example/over', rotateSecret: true }),
  },
  'DELETE /api/v1/webhooks/outbound/{id}': { params: { id: 'outboundWebhook' } },
  'GET /api/v1/webhooks/outbound/{id}/deliveries': { params: { id: 'outboundWebhook' } },
  'POST /api/v1/webhooks/outbound/{id}/test': { params: { id: 'outboundWebhook' } },
  'GET /api/v1/strategy': { collection: true },
  'PUT /api/v1/strategy/draft': {
    write: () => ({ vision: 'Serve well', priorities: [{ title: 'Listen' }] }),
  },
  'POST /api/v1/strategy/publish': {
    write: (b) => ({ announce: { teamIds: [b.team], requireAcknowledgement: true } }),
  },
  'GET /api/v1/strategy/versions': { collection: true },
  'GET /api/v1/strategy/versions/{id}': { params: { id: 'strategyVersion' } },
  'GET /api/v1/strategy/versions/{id}/diff': { params: { id: 'strategyVersion' } },
  'GET /api/v1/strategy/announcements': { collection: true },
  'POST /api/v1/strategy/announcements': {
    write: (b, nonce) => ({ title: `News ${nonce}`, teamIds: [b.team] }),
  },
  'GET /api/v1/strategy/announcements/{id}': { params: { id: 'announcement' } },
  'POST /api/v1/strategy/announcements/{id}/seen': { params: { id: 'announcement' } },
  'POST /api/v1/strategy/announcements/{id}/acknowledge': { params: { id: 'announcement' } },
  'POST /api/v1/strategy/announcements/{id}/quiz': {
    params: { id: 'announcement' },
    body: () => ({ answers: { q: [0] } }),
  },
  'GET /api/v1/strategy/announcements/{id}/reach': { params: { id: 'announcement' } },
  'POST /api/v1/strategy/announcements/{id}/reminders': { params: { id: 'announcement' } },
  'GET /api/v1/home': { collection: true },
  'GET /api/v1/leadership/scorecards': { collection: true },
  'GET /api/v1/leadership/scorecards/{id}': { params: { id: 'employee' } },
  'GET /api/v1/culture/settings': { collection: true },
  'PATCH /api/v1/culture/settings': { write: () => ({ minGroupSize: 5 }) },
  'GET /api/v1/culture/statements': { collection: true },
  'POST /api/v1/culture/statements': {
    write: (_b, nonce) => ({ construct: 'strategy', text: `Statement ${nonce}` }),
  },
  'PATCH /api/v1/culture/statements/{id}': {
    params: { id: 'statement' },
    body: () => ({ text: 'Reworded by A' }),
  },
  'GET /api/v1/culture/pulses': { collection: true },
  'POST /api/v1/culture/pulses': {
    write: (b) => ({
      title: 'A pulse',
      opensAt: new Date().toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      audienceTeamIds: [b.team],
    }),
  },
  'GET /api/v1/culture/pulses/open': { collection: true },
  'GET /api/v1/culture/pulses/{id}': { params: { id: 'pulse' } },
  'POST /api/v1/culture/pulses/{id}/close': { params: { id: 'pulse' } },
  'POST /api/v1/culture/pulses/{id}/reminders': { params: { id: 'pulse' } },
  'POST /api/v1/culture/pulses/{id}/answers': {
    params: { id: 'pulse' },
    body: () => ({ scores: [{ statementId: uuidv7(), score: 3 }], enps: 5 }),
  },
  'GET /api/v1/culture/pulses/{id}/heatmap': { params: { id: 'pulse' } },
  'GET /api/v1/culture/pulses/{id}/export': { params: { id: 'pulse' } },
  'GET /api/v1/culture/pulses/{id}/comments': { params: { id: 'pulse' } },
  'GET /api/v1/culture/pulses/{id}/loyalty-link': { params: { id: 'pulse' } },
  'GET /api/v1/culture/trend': { collection: true },
  'POST /api/v1/culture/action-plans': {
    write: (b) => ({
      teamId: b.team,
      ownerId: b.employee,
      source: { kind: 'construct', key: 'consequence' },
      title: 'A plan',
      dueDate: '2030-01-01',
    }),
  },
  'GET /api/v1/culture/action-plans': {
    collection: true,
    query: (b) => `teamId=${b.team}&ownerId=${b.employee}`,
  },
  'GET /api/v1/culture/action-plans/report': { collection: true },
  'GET /api/v1/culture/action-plans/{id}': { params: { id: 'actionPlan' } },
  'PATCH /api/v1/culture/action-plans/{id}': {
    params: { id: 'actionPlan' },
    body: () => ({ title: 'Taken over' }),
  },
  'POST /api/v1/culture/action-plans/{id}/progress': {
    params: { id: 'actionPlan' },
    body: () => ({ body: 'Done by A', status: 'done' }),
  },
  'GET /api/v1/culture/climate/questions': { collection: true },
  'GET /api/v1/culture/climate/assessments': { collection: true, query: (b) => `leaderId=${b.employee}` },
  'POST /api/v1/culture/climate/assessments': { write: () => ({ assessedOn: '2025-01-01' }) },
  'GET /api/v1/culture/climate/assessments/{id}': { params: { id: 'climateAssessment' } },
  'PATCH /api/v1/culture/climate/assessments/{id}': {
    params: { id: 'climateAssessment' },
    body: () => ({ answers: [{ questionKey: 'strategy', rating: 1 }] }),
  },
  'GET /api/v1/culture/climate/evidence': { collection: true },
  'GET /api/v1/culture/climate/perception-gap': { collection: true },
  'GET /api/v1/culture/internal/rounds': { collection: true },
  'POST /api/v1/culture/internal/rounds': {
    write: (b) => ({
      title: 'A round',
      opensAt: new Date().toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      providerTeamIds: [b.team],
    }),
  },
  'GET /api/v1/culture/internal/rounds/open': { collection: true },
  'GET /api/v1/culture/internal/rounds/{id}': { params: { id: 'internalRound' } },
  'POST /api/v1/culture/internal/rounds/{id}/close': { params: { id: 'internalRound' } },
  'POST /api/v1/culture/internal/rounds/{id}/answers': {
    params: { id: 'internalRound' },
    body: () => ({
      ratings: [
        {
          providerTeamId: uuidv7(),
          nps: 5,
          reliability: 3,
          assurance: 3,
          tangibles: 3,
          empathy: 3,
          responsiveness: 3,
        },
      ],
    }),
  },
  'GET /api/v1/culture/internal/rounds/{id}/matrix': { params: { id: 'internalRound' } },
  'GET /api/v1/training/modules': { collection: true, query: () => 'includeInactive=true' },
  'POST /api/v1/training/modules': {
    write: (_, nonce) => ({ title: `Module ${nonce}`, kind: 'competency', estimatedMinutes: 5 }),
  },
  'GET /api/v1/training/modules/{id}': { params: { id: 'trainingModule' } },
  'PATCH /api/v1/training/modules/{id}': {
    params: { id: 'trainingModule' },
    body: () => ({ title: 'Taken over', active: false }),
  },
  'POST /api/v1/training/modules/{id}/complete': { params: { id: 'trainingModule' } },
  'POST /api/v1/training/modules/{id}/quiz': {
    params: { id: 'trainingModule' },
    body: () => ({ answers: { q: [0] } }),
  },
  'GET /api/v1/training/modules/{id}/effect': { params: { id: 'trainingModule' } },
  'GET /api/v1/training/paths': { collection: true },
  'POST /api/v1/training/paths': { write: (_, nonce) => ({ name: `Path ${nonce}`, moduleIds: [uuidv7()] }) },
  'GET /api/v1/training/paths/{id}': { params: { id: 'trainingPath' } },
  'PATCH /api/v1/training/paths/{id}': {
    params: { id: 'trainingPath' },
    body: () => ({ name: 'Taken over' }),
  },
  'GET /api/v1/training/rules': { collection: true },
  'POST /api/v1/training/rules': {
    write: (_, nonce) => ({ kind: 'new_employee', name: `Rule ${nonce}`, moduleId: uuidv7() }),
  },
  'PATCH /api/v1/training/rules/{id}': { params: { id: 'trainingRule' }, body: () => ({ active: false }) },
  'POST /api/v1/training/rules/run': { write: () => undefined },
  'POST /api/v1/training/assignments': {
    write: (b) => ({ moduleId: uuidv7(), employeeIds: [b.employee], teamIds: [b.team] }),
  },
  'GET /api/v1/training/assignments': {
    collection: true,
    query: (b) => `employeeId=${b.employee}&teamId=${b.team}`,
  },
  'GET /api/v1/training/me': { collection: true },
  'GET /api/v1/training/progress': { collection: true, query: (b) => `teamId=${b.team}` },
  // Importing B's people's emails into A must create A's own people and never touch B's.
  'POST /api/v1/roster/import': {
    write: (b) => ({
      csv: `email,name,department,team\n${b.email},Imported Person,Customer Care,Phone Support\n`,
      dryRun: false,
    }),
  },
};

/** An interaction in A that names B's customer, agent and team. */
const interaction = (b: Refs) => ({
  customer: { id: b.customer },
  channel: 'phone',
  occurredAt: new Date().toISOString(),
  employeeIds: [b.employee],
  teamId: b.team,
});

interface Operation {
  key: string;
  method: Method;
  path: string;
  security: unknown;
}

type Caller = (method: string, url: string, body?: unknown) => Promise<LightMyRequestResponse>;

describe.each(DATABASE_KINDS)('tenant isolation on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let outbox: OutgoingEmail[];
  let a: SeededOrg;
  let b: Victim;
  let operations: Operation[];
  let callers: Record<'session' | 'apiKey', Caller>;

  const fresh = (): Refs => ({
    employee: uuidv7(),
    team: uuidv7(),
    department: uuidv7(),
    customer: uuidv7(),
    survey: uuidv7(),
    email: `nobody-${uuidv7().slice(-12)}@nowhere.example`,
  });
  const bRefs = (): Refs => ({
    employee: b.ids.employee,
    team: b.org.team,
    department: b.org.department,
    customer: b.ids.customer,
    survey: b.ids.survey,
    email: b.org.people.manager.email,
  });

  /** Everything B's admin can see, plus the emails sent: compared before and after each attempt. */
  /**
   * Every row of B in every tenant table (and B's organisation row), hashed per table in one query,
   * plus the mail sent to B's people: compared before and after each call of A.
   */
  let snapshotQuery: SQL | undefined;
  async function snapshotOfB(): Promise<string> {
    if (!snapshotQuery) {
      const tables = await query<{ table_name: string }>(
        database.db,
        sql`select table_name from information_schema.columns
            where column_name = 'org_id' and table_schema = current_schema() order by table_name`,
      );
      expect(tables.length).toBeGreaterThan(40);
      snapshotQuery = sql.join(
        [
          sql`select 'organisations' as t, md5(x::text) as h from organisations x where x.id = ${b.org.orgId}`,
          ...tables.map(
            ({ table_name }) =>
              sql`select ${table_name} as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h
                  from ${sql.identifier(table_name)} x where x.org_id = ${b.org.orgId}`,
          ),
        ],
        sql` union all `,
      );
    }
    const rows = await query<{ t: string; h: string }>(database.db, snapshotQuery);
    const mail = outbox.filter((m) => m.to.endsWith(`@${b.org.slug}.example`)).length;
    return JSON.stringify([rows, mail]);
  }

  const operationsOf = (pick: (c: RouteCase) => boolean) =>
    operations.filter((op) => {
      const c = ROUTES[op.key];
      return c !== undefined && pick(c);
    });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app, outbox } = await buildTestApp(database));
    a = await seedOrg(database.db);
    const victim = await seedOrg(database.db);
    const bAdmin = await signInAs(app, victim.people.admin.email, TEST_PASSWORD);
    const bKey = await bAdmin.request('POST', '/api/v1/api-keys', { name: 'B integration', scopes: ['all'] });
    expect(bKey.statusCode).toBe(201);
    const bKeyId = (bKey.json() as { apiKey: { id: string } }).apiKey.id;
    const bCustomer = await bAdmin.request('POST', '/api/v1/customers', {
      name: 'B Customer',
      externalId: 'b-1',
    });
    expect(bCustomer.statusCode, bCustomer.body).toBe(201);
    const bCustomerId = (bCustomer.json() as { id: string }).id;
    const bInteraction = await bAdmin.request('POST', '/api/v1/interactions', {
      customer: { id: bCustomerId },
      channel: 'email',
      occurredAt: new Date().toISOString(),
      employeeIds: [victim.people.employee.id],
      teamId: victim.team,
    });
    expect(bInteraction.statusCode, bInteraction.body).toBe(201);
    const bInteractionId = (bInteraction.json() as { id: string }).id;
    const bTheme = await bAdmin.request('PUT', '/api/v1/text/themes', {
      key: 'b_parking',
      name: 'Parking',
      phrases: ['car park'],
    });
    expect(bTheme.statusCode, bTheme.body).toBe(200);
    const bSurvey = await bAdmin.request('POST', '/api/v1/surveys', { kind: 'nps', name: 'B survey' });
    expect(bSurvey.statusCode, bSurvey.body).toBe(201);
    const bSurveyId = (bSurvey.json() as { id: string }).id;
    const activated = await bAdmin.request('PATCH', `/api/v1/surveys/${bSurveyId}`, { status: 'active' });
    expect(activated.statusCode, activated.body).toBe(200);
    const bResponse = await bAdmin.request('POST', '/api/v1/responses', { surveyId: bSurveyId, score: 9 });
    expect(bResponse.statusCode, bResponse.body).toBe(201);
    const bResponseId = (bResponse.json() as { id: string }).id;
    const bRule = await bAdmin.request('POST', '/api/v1/distribution-rules', {
      surveyId: bSurveyId,
      name: 'B rule',
      teamIds: [victim.team],
    });
    expect(bRule.statusCode, bRule.body).toBe(201);
    const bRuleId = (bRule.json() as { id: string }).id;
    const bHook = await bAdmin.request('POST', '/api/v1/webhooks/inbound', {
      name: 'B desk',
      kind: 'zendesk',
    });
    expect(bHook.statusCode, bHook.body).toBe(201);
    const bHookId = (bHook.json() as { id: string }).id;
    // A case on B's customer with a goodwill request above the employee's limit (so it is pending).
    const bCase = await bAdmin.request('POST', '/api/v1/cases', {
      customerId: bCustomerId,
      ownerId: victim.people.employee.id,
    });
    expect(bCase.statusCode, bCase.body).toBe(201);
    const bCaseId = (bCase.json() as { id: string }).id;
    const bEmployee = await signInAs(app, victim.people.employee.email, TEST_PASSWORD);
    const bGoodwill = await bEmployee.request('POST', `/api/v1/cases/${bCaseId}/goodwill`, {
      kind: 'refund',
      amount: 400,
    });
    expect(bGoodwill.statusCode, bGoodwill.body).toBe(201);
    const bGoodwillId = (bGoodwill.json() as { id: string }).id;
    const bRules = await bAdmin.request('GET', '/api/v1/case-rules');
    const bRuleOfCasesId = (bRules.json() as { items: { id: string }[] }).items[0]?.id ?? '';
    const bTarget = await bAdmin.request('POST', '/api/v1/analytics/targets', {
      metric: 'nps',
      scope: 'team',
      teamId: victim.team,
      comparator: '>=',
      value: 40,
      dueDate: '2030-12-31',
    });
    expect(bTarget.statusCode, bTarget.body).toBe(201);
    const bTargetId = (bTarget.json() as { id: string }).id;
    // Recognition: B's kudos (a wall story), feedback, customer praise, a notification, an outbound webhook.
    const bKudos = await bAdmin.request('POST', '/api/v1/recognition/kudos', {
      recipientIds: [victim.people.employee.id],
      kind: 'success',
      message: 'B kudos',
    });
    expect(bKudos.statusCode, bKudos.body).toBe(201);
    const bStoryId = (bKudos.json() as { id: string }).id;
    const bFeedback = await bAdmin.request('POST', '/api/v1/feedback', {
      employeeId: victim.people.employee.id,
      kind: 'praise',
      message: 'B feedback',
    });
    expect(bFeedback.statusCode, bFeedback.body).toBe(201);
    const bFeedbackId = (bFeedback.json() as { id: string }).id;
    // Coaching: a 1:1 and a goal between B's manager and B's employee.
    const bOneOnOneId = uuidv7();
    await database.db.insert(oneOnOnes).values({
      orgId: victim.orgId,
      id: bOneOnOneId,
      managerId: victim.people.manager.id,
      employeeId: victim.people.employee.id,
      scheduledFor: new Date(),
    });
    const bGoalId = uuidv7();
    await database.db.insert(coachingGoals).values({
      orgId: victim.orgId,
      id: bGoalId,
      employeeId: victim.people.employee.id,
      createdBy: victim.people.manager.id,
      title: 'B goal',
    });
    const bPraiseId = uuidv7();
    await database.db.insert(customerPraise).values({
      orgId: victim.orgId,
      id: bPraiseId,
      responseId: bResponseId,
      employeeId: victim.people.employee.id,
      quote: 'B praise',
      praisedAt: new Date(),
    });
    const [bNotification] = await database.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(eq(notifications.orgId, victim.orgId));
    const bOutbound = await bAdmin.request('POST', '/api/v1/webhooks/outbound', {
      name: 'B slack',
      format: 'slack',
      url: 'https://hooks.slack.example/b',
    });
    expect(bOutbound.statusCode, bOutbound.body).toBe(201);
    const bOutboundId = (bOutbound.json() as { id: string }).id;
    // Culture: an open pulse for everyone in B, and a statement of B's bank.
    const bPulse = await bAdmin.request('POST', '/api/v1/culture/pulses', {
      title: 'B pulse',
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(bPulse.statusCode, bPulse.body).toBe(201);
    const bPulseId = (bPulse.json() as { id: string }).id;
    const bStatementId = (bPulse.json() as { statements: { id: string }[] }).statements[0]?.id ?? '';
    const bRound = await bAdmin.request('POST', '/api/v1/culture/internal/rounds', {
      title: 'B round',
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      providerTeamIds: [victim.team],
    });
    expect(bRound.statusCode, bRound.body).toBe(201);
    const bRoundId = (bRound.json() as { id: string }).id;
    // Strategy: a published version announced to B's team, asking for acknowledgement with a quiz.
    const bDraft = await bAdmin.request('PUT', '/api/v1/strategy/draft', { vision: 'B vision' });
    expect(bDraft.statusCode, bDraft.body).toBe(200);
    const bPublished = await bAdmin.request('POST', '/api/v1/strategy/publish', {
      announce: {
        quiz: {
          questions: [{ id: 'q', prompt: 'B?', kind: 'single', options: ['Yes', 'No'], correct: [0] }],
        },
      },
    });
    expect(bPublished.statusCode, bPublished.body).toBe(201);
    const bVersionId = (bPublished.json() as { version: { id: string } }).version.id;
    const bAnnouncementId = (bPublished.json() as { announcement: { id: string } }).announcement.id;
    // Action plans and the climate: a plan for B's team and a completed leader assessment.
    const bPlan = await bAdmin.request('POST', '/api/v1/culture/action-plans', {
      teamId: victim.team,
      source: { kind: 'construct', key: 'consequence' },
      title: 'B plan',
      dueDate: '2030-01-01',
    });
    expect(bPlan.statusCode, bPlan.body).toBe(201);
    const bPlanId = (bPlan.json() as { id: string }).id;
    const bAssessment = await bAdmin.request('POST', '/api/v1/culture/climate/assessments', {});
    expect(bAssessment.statusCode, bAssessment.body).toBe(201);
    const bAssessmentId = (bAssessment.json() as { id: string }).id;
    const bAnswers = (bAssessment.json() as { answers: { questionKey: string }[] }).answers;
    const bCompleted = await bAdmin.request('PATCH', `/api/v1/culture/climate/assessments/${bAssessmentId}`, {
      answers: bAnswers.map((x) => ({ questionKey: x.questionKey, rating: 3 })),
      status: 'completed',
    });
    expect(bCompleted.statusCode, bCompleted.body).toBe(200);
    // Training: a module with a quiz, a path and a rule of B's, the module assigned to B's employee.
    const bModule = await bAdmin.request('POST', '/api/v1/training/modules', {
      title: 'B module',
      kind: 'competency',
      estimatedMinutes: 5,
      quiz: { questions: [{ id: 'q', prompt: 'B?', kind: 'single', options: ['Yes', 'No'], correct: [0] }] },
    });
    expect(bModule.statusCode, bModule.body).toBe(201);
    const bModuleId = (bModule.json() as { id: string }).id;
    const bPath = await bAdmin.request('POST', '/api/v1/training/paths', {
      name: 'B onboarding',
      moduleIds: [bModuleId],
    });
    expect(bPath.statusCode, bPath.body).toBe(201);
    const bPathId = (bPath.json() as { id: string }).id;
    const bTrainingRule = await bAdmin.request('POST', '/api/v1/training/rules', {
      kind: 'new_employee',
      name: 'B starters',
      pathId: bPathId,
    });
    expect(bTrainingRule.statusCode, bTrainingRule.body).toBe(201);
    const bTrainingRuleId = (bTrainingRule.json() as { id: string }).id;
    const bAssigned = await bAdmin.request('POST', '/api/v1/training/assignments', {
      moduleId: bModuleId,
      employeeIds: [victim.people.employee.id],
    });
    expect(bAssigned.statusCode, bAssigned.body).toBe(200);
    const bAward = await bAdmin.request('POST', '/api/v1/recognition/awards', {
      title: 'B award',
      period: 'Q1',
      closesAt: '2030-01-01T00:00:00Z',
    });
    expect(bAward.statusCode, bAward.body).toBe(201);
    const bAwardId = (bAward.json() as { id: string }).id;
    const bNomination = await bAdmin.request('POST', `/api/v1/recognition/awards/${bAwardId}/nominations`, {
      nomineeId: victim.people.employee.id,
      reason: 'B nomination',
    });
    expect(bNomination.statusCode, bNomination.body).toBe(201);
    const bNominationId = (bNomination.json() as { id: string }).id;
    b = {
      org: victim,
      admin: bAdmin,
      ids: {
        employee: victim.people.employee.id,
        team: victim.team,
        apiKey: bKeyId,
        customer: bCustomerId,
        interaction: bInteractionId,
        survey: bSurveyId,
        response: bResponseId,
        distributionRule: bRuleId,
        inboundWebhook: bHookId,
        story: bStoryId,
        praise: bPraiseId,
        feedback: bFeedbackId,
        oneOnOne: bOneOnOneId,
        coachingGoal: bGoalId,
        notification: bNotification?.id ?? '',
        outboundWebhook: bOutboundId,
        case: bCaseId,
        caseRule: bRuleOfCasesId,
        goodwill: bGoodwillId,
        target: bTargetId,
        pulse: bPulseId,
        internalRound: bRoundId,
        statement: bStatementId,
        strategyVersion: bVersionId,
        announcement: bAnnouncementId,
        actionPlan: bPlanId,
        climateAssessment: bAssessmentId,
        trainingModule: bModuleId,
        trainingPath: bPathId,
        trainingRule: bTrainingRuleId,
        awardRound: bAwardId,
        nomination: bNominationId,
      },
      allIds: [
        victim.orgId,
        victim.department,
        victim.team,
        bKeyId,
        bCustomerId,
        bInteractionId,
        bSurveyId,
        bResponseId,
        bRuleId,
        bHookId,
        bStoryId,
        bPraiseId,
        bFeedbackId,
        bOneOnOneId,
        bGoalId,
        bNotification?.id ?? '',
        bOutboundId,
        bCaseId,
        bGoodwillId,
        bRuleOfCasesId,
        bTargetId,
        bPulseId,
        bRoundId,
        bStatementId,
        bVersionId,
        bAnnouncementId,
        bPlanId,
        bAssessmentId,
        bModuleId,
        bPathId,
        bTrainingRuleId,
        bAwardId,
        bNominationId,
        ...Object.values(victim.people).map((p) => p.id),
      ],
    };

    const aAdmin = await signInAs(app, a.people.admin.email, TEST_PASSWORD);
    const aKey = await aAdmin.request('POST', '/api/v1/api-keys', { name: 'A integration', scopes: ['all'] });
    expect(aKey.statusCode).toBe(201);
    callers = {
      session: aAdmin.request,
      apiKey: withApiKey(app, (aKey.json() as { key: string }).key),
    };

    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Method,
        path,
        security: op.security,
      })),
    );
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('has a case for every route in the OpenAPI document, and only for those', () => {
    expect(operations.length).toBeGreaterThan(20);
    const uncovered = operations.map((op) => op.key).filter((key) => !(key in ROUTES));
    expect(
      uncovered,
      `Add these routes to ROUTES in src/server/tenancy.int.test.ts, so their tenant isolation is proven`,
    ).toEqual([]);
    const stale = Object.keys(ROUTES).filter((key) => !operations.some((op) => op.key === key));
    expect(stale, 'These ROUTES entries name routes the OpenAPI document no longer has').toEqual([]);
  });

  it('skips exactly the public routes (security: []), each with its reason', () => {
    const skipped = Object.entries(ROUTES)
      .filter(([, c]) => 'public' in c)
      .map(([key]) => key)
      .sort();
    const declaredPublic = operations
      .filter((op) => Array.isArray(op.security) && op.security.length === 0)
      .map((op) => op.key)
      .sort();
    expect(skipped).toEqual(declaredPublic);
  });

  it('notices any change to B’s rows (so "B unchanged" below could fail)', async () => {
    const before = await snapshotOfB();
    const renamed = await b.admin.request('PATCH', `/api/v1/teams/${b.ids.team}`, { name: 'Renamed by B' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = await snapshotOfB();
    expect(after).not.toBe(before);
    await b.admin.request('PATCH', `/api/v1/teams/${b.ids.team}`, { name: 'Phone Support' });
  });

  it('answers 404 NOT_FOUND for B’s resource on every {id} route, and leaves it unchanged', async () => {
    const probed = operationsOf((c) => 'params' in c);
    expect(probed.length).toBeGreaterThan(0);
    const failures: string[] = [];
    // Compared after every call, so a change is blamed on the call that made it.
    let before = await snapshotOfB();
    for (const op of probed) {
      const c = ROUTES[op.key] as Extract<RouteCase, { params: unknown }>;
      const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const resource = c.params[name];
        if (!resource)
          throw new Error(`${op.key}: ROUTES gives no resource kind for the {${name}} parameter`);
        return b.ids[resource];
      });
      for (const [who, call] of Object.entries(callers)) {
        const res = await call(op.method, url, c.body?.());
        const body = safeJson(res);
        if (res.statusCode !== 404 || body?.error?.code !== 'NOT_FOUND')
          failures.push(`${op.key} as A's ${who}: ${res.statusCode} ${res.body}`);
        const after = await snapshotOfB();
        if (after !== before) failures.push(`${op.key} as A's ${who} changed B's data`);
        before = after;
      }
    }
    expect(failures).toEqual([]);
  });

  it('never shows an id of B in any collection A reads', async () => {
    const probed = operationsOf((c) => 'collection' in c);
    expect(probed.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const op of probed) {
      const c = ROUTES[op.key] as Extract<RouteCase, { collection: true }>;
      const path = c.url ?? op.path;
      const urls = c.query ? [path, `${path}?${c.query(bRefs())}`] : [path];
      for (const [who, call, url] of Object.entries(callers).flatMap(([w, f]) =>
        urls.map((u) => [w, f, u] as const),
      )) {
        const res = await call(op.method, url);
        if (res.statusCode >= 500) failures.push(`${url} as A's ${who}: ${res.statusCode} ${res.body}`);
        if (who === 'session' && res.statusCode !== 200)
          failures.push(`${url} as A's admin: expected 200, got ${res.statusCode} ${res.body}`);
        const leaked = [...b.allIds, b.org.slug].filter((id) => res.body.includes(id));
        if (leaked.length > 0) failures.push(`${url} as A's ${who} shows B's ${leaked.join(', ')}`);
      }
    }
    // The search could not fail if A's answers were empty: A's own admin must be in A's list.
    const own = await callers.session('GET', '/api/v1/employees?limit=500');
    expect(own.body).toContain(a.people.admin.id);
    expect(failures).toEqual([]);
  });

  it('treats B’s ids in a write to A’s collections as unknown, and leaves B unchanged', async () => {
    const probed = operationsOf((c) => 'write' in c);
    expect(probed.length).toBeGreaterThan(0);
    const failures: string[] = [];
    let before = await snapshotOfB();
    for (const op of probed) {
      const c = ROUTES[op.key] as Extract<RouteCase, { write: unknown }>;
      for (const [who, defaultCall] of Object.entries(callers)) {
        // Signing out ends the session it is called with, so those routes get a throwaway one.
        const call = async (...args: Parameters<Caller>) =>
          c.endsSession && who === 'session'
            ? (await signInAs(app, a.people.manager.email, TEST_PASSWORD)).request(...args)
            : defaultCall(...args);
        const bodyWithB = c.write(bRefs(), uuidv7().slice(-12));
        const path = c.url ?? op.path;
        const withB = await call(op.method, path, bodyWithB);
        const withUnknown = await call(op.method, path, c.write(fresh(), uuidv7().slice(-12)));
        // Batch routes answer 200 with a status per item, so those count too.
        const outcome = (res: LightMyRequestResponse) => {
          const body = safeJson(res);
          const items = (body?.items ?? []).map((i) => `${i.status} ${i.error?.code ?? ''}`);
          return `${res.statusCode} ${body?.error?.code ?? ''} ${items.join(',')}`.trim();
        };
        if (withB.statusCode >= 500)
          failures.push(`${op.key} as A's ${who}: ${withB.statusCode} ${withB.body}`);
        if (outcome(withB) !== outcome(withUnknown))
          failures.push(
            `${op.key} as A's ${who} answers B's ids (${outcome(withB)}) unlike unknown ids (${outcome(withUnknown)})`,
          );
        // An error may echo the ids A sent; any other id of B in the answer is a leak.
        const sent = JSON.stringify(bodyWithB) ?? '';
        const leaked = b.allIds.filter((id) => withB.body.includes(id) && !sent.includes(id));
        if (leaked.length > 0) failures.push(`${op.key} as A's ${who} shows B's ${leaked.join(', ')}`);
        const after = await snapshotOfB();
        if (after !== before) failures.push(`${op.key} as A's ${who} changed B's data`);
        before = after;
      }
    }
    expect(failures).toEqual([]);
  });

  it('treats B’s ids in a write to A’s own resources as unknown', async () => {
    const session = callers.session;
    const before = await snapshotOfB();
    const cases = [
      {
        url: `/api/v1/employees/${a.people.employee.id}`,
        body: (r: Refs) => ({ teamIds: [r.team] }),
      },
      { url: `/api/v1/teams/${a.team}`, body: (r: Refs) => ({ managerIds: [r.employee] }) },
      { url: `/api/v1/teams/${a.team}`, body: (r: Refs) => ({ parentId: r.department }) },
    ];
    for (const { url, body } of cases) {
      const withB = await session('PATCH', url, body(bRefs()));
      const withUnknown = await session('PATCH', url, body(fresh()));
      expect(withB.statusCode, `${url} ${JSON.stringify(body(bRefs()))}`).toBe(400);
      expect([withB.statusCode, withB.json().error.message]).toEqual([
        withUnknown.statusCode,
        withUnknown.json().error.message,
      ]);
    }
    expect(await snapshotOfB()).toBe(before);
  });

  it('gives a person without the permission the same answer for B’s resource as for any id', async () => {
    // Services authorize before they look anything up, so a person lacking `people:write` gets 403
    // for every id: B's team, A's own team, one that exists nowhere. A 403 would confirm existence
    // only if it depended on the lookup; we assert it does not, which is the property that matters.
    // Where the person has the permission (reading), B's team answers 404 like an unknown id.
    const employee = await signInAs(app, a.people.employee.email, TEST_PASSWORD);
    const before = await snapshotOfB();
    const answers = [];
    for (const id of [b.org.team, a.team, uuidv7()]) {
      const res = await employee.request('PATCH', `/api/v1/teams/${id}`, { name: 'Renamed' });
      answers.push([res.statusCode, res.json().error.code, res.json().error.message]);
    }
    expect(answers[0]).toEqual([403, 'FORBIDDEN', expect.any(String)]);
    expect(new Set(answers.map((x) => JSON.stringify(x))).size).toBe(1);

    const read = await employee.request('GET', `/api/v1/teams/${b.org.team}`);
    expect([read.statusCode, read.json()]).toEqual([
      404,
      { error: { code: 'NOT_FOUND', message: 'Team not found' } },
    ]);
    const readUnknown = await employee.request('GET', `/api/v1/teams/${uuidv7()}`);
    expect(readUnknown.body).toBe(read.body);

    // The same for an API key whose scope lacks the permission.
    const admin = await signInAs(app, a.people.admin.email, TEST_PASSWORD);
    const created = await admin.request('POST', '/api/v1/api-keys', {
      name: 'Reader',
      scopes: ['people:read'],
    });
    const reader = withApiKey(app, (created.json() as { key: string }).key);
    const revokeB = await reader('DELETE', `/api/v1/api-keys/${b.ids.apiKey}`);
    const revokeUnknown = await reader('DELETE', `/api/v1/api-keys/${uuidv7()}`);
    expect(revokeB.statusCode).toBe(403);
    expect(revokeB.body).toBe(revokeUnknown.body);
    expect(await snapshotOfB()).toBe(before);
  });
});

interface ReplyBody {
  error?: { code?: string };
  items?: { status?: number; error?: { code?: string } }[];
}

function safeJson(res: LightMyRequestResponse): ReplyBody | undefined {
  try {
    return res.json();
  } catch {
    return undefined;
  }
}
