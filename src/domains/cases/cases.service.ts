import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query, sql } from '../../db/client.ts';
import { conflict, invalid, notFound } from '../../server/errors.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx, withDb } from '../auth/context.ts';
import { getCustomer } from '../customers/customers.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { getOrganisation } from '../people/organisations.service.ts';
import { celebrateRecovery } from '../recognition/celebrations.service.ts';
import { getResponse } from '../responses/responses.service.ts';
import { findVisibleCase, visibility } from './case-access.ts';
import { latestFollowUps, scheduleFollowUp } from './case-follow-up.ts';
import { limitOf, loadCaseSettings } from './case-settings.service.ts';
import type {
  CaseDetail,
  CaseSummary,
  ListCasesQuery,
  LogContactInput,
  OpenCaseInput,
  UpdateCaseInput,
} from './cases.api.ts';
import { caseEvents, cases, caseWatchers, type Outcome } from './cases.tables.ts';
import { listGoodwillOfCase } from './goodwill.service.ts';
import { createCase, findOpenCaseOfCustomer } from './open-case.ts';
import { findPeople, teamsOf } from './people-lookup.ts';

type CaseRow = typeof cases.$inferSelect;

const me = (ctx: Ctx) => (ctx.actor.type === 'user' ? ctx.actor.employeeId : null);

interface SummaryRow {
  id: string;
  status: CaseRow['status'];
  origin: CaseRow['origin'];
  reason: string;
  customer_id: string | null;
  customer_name: string | null;
  customer_email: string | null;
  owner_id: string | null;
  owner_name: string | null;
  team_id: string | null;
  team_name: string | null;
  response_id: string | null;
  interaction_id: string | null;
  rule_id: string | null;
  score: number | null;
  opened_at: Date | string;
  first_contact_due: Date | string;
  resolution_due: Date | string;
  first_contacted_at: Date | string | null;
  resolved_at: Date | string | null;
  closed_at: Date | string | null;
  overdue: boolean;
  escalation_level: number;
  root_causes: string[];
  outcome: Outcome | null;
  cycle: number;
}

const iso = (v: Date | string) => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null) => (v === null ? null : iso(v));

function toSummary(r: SummaryRow): CaseSummary {
  return {
    id: r.id,
    status: r.status,
    origin: r.origin,
    reason: r.reason,
    customer: r.customer_id ? { id: r.customer_id, name: r.customer_name, email: r.customer_email } : null,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    team: r.team_id ? { id: r.team_id, name: r.team_name ?? '' } : null,
    responseId: r.response_id,
    score: r.score,
    openedAt: iso(r.opened_at),
    firstContactDue: iso(r.first_contact_due),
    resolutionDue: iso(r.resolution_due),
    firstContactedAt: isoOrNull(r.first_contacted_at),
    resolvedAt: isoOrNull(r.resolved_at),
    closedAt: isoOrNull(r.closed_at),
    overdue: r.overdue,
    escalationLevel: r.escalation_level,
    rootCauses: r.root_causes,
    outcome: r.outcome,
    cycle: r.cycle,
  };
}

/** Overdue: a deadline of the current cycle has passed and is not met. */
const overdueAt = (now: Date) =>
  sql`((c.status = 'new' and c.first_contact_due <= ${now.toISOString()}::timestamptz)
    or (c.status in ('new', 'contacted') and c.resolution_due <= ${now.toISOString()}::timestamptz))`;

async function selectSummaries(ctx: Ctx, where: SQL, now: Date, limit: number): Promise<SummaryRow[]> {
  const visible = visibility(ctx);
  return query<SummaryRow>(
    ctx.db,
    sql`select c.id, c.status, c.origin, c.reason, c.customer_id, cu.name as customer_name, cu.email as customer_email,
          c.owner_id, coalesce(o.preferred_name, o.name) as owner_name, c.team_id, t.name as team_name,
          c.response_id, c.interaction_id, c.rule_id, r.score, c.opened_at, c.first_contact_due, c.resolution_due,
          c.first_contacted_at, c.resolved_at, c.closed_at, ${overdueAt(now)} as overdue, c.escalation_level,
          c.root_causes, c.outcome, c.cycle
        from cases c
        left join customers cu on cu.org_id = c.org_id and cu.id = c.customer_id
        left join employees o on o.org_id = c.org_id and o.id = c.owner_id
        left join teams t on t.org_id = c.org_id and t.id = c.team_id
        left join responses r on r.org_id = c.org_id and r.id = c.response_id
        where c.org_id = ${ctx.orgId} and ${where} ${visible ? sql`and ${visible}` : sql``}
        order by ${overdueAt(now)} desc,
          case when c.status = 'new' then c.first_contact_due else c.resolution_due end asc, c.id
        limit ${limit}`,
  );
}

/** The inbox: overdue first, then by the next deadline. */
export async function listCases(ctx: Ctx, q: ListCasesQuery, now = new Date()) {
  authorize(ctx, 'cases:read');
  const conditions: SQL[] = [sql`true`];
  const statuses = q.status === 'any' ? null : q.status === 'open' ? ['new', 'contacted'] : [q.status];
  if (statuses)
    conditions.push(
      sql`c.status in (${sql.join(
        statuses.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  const self = me(ctx);
  if (q.scope === 'mine') conditions.push(self ? sql`c.owner_id = ${self}` : sql`false`);
  if (q.scope === 'watching')
    conditions.push(
      self
        ? sql`exists (select 1 from case_watchers w where w.org_id = c.org_id and w.case_id = c.id and w.employee_id = ${self})`
        : sql`false`,
    );
  if (q.scope === 'team') {
    const teams = self ? await teamsOf(ctx.db, ctx.orgId, self) : [];
    conditions.push(
      teams.length === 0
        ? sql`false`
        : sql`(c.team_id in (${sql.join(
            teams.map((t) => sql`${t}::uuid`),
            sql`, `,
          )}) or c.owner_id in (select tm.employee_id from team_memberships tm where tm.org_id = c.org_id
              and tm.ended_at is null and tm.team_id in (${sql.join(
                teams.map((t) => sql`${t}::uuid`),
                sql`, `,
              )})))`,
    );
  }
  if (q.overdue) conditions.push(q.overdue === 'true' ? overdueAt(now) : sql`not ${overdueAt(now)}`);
  if (q.customerId) conditions.push(sql`c.customer_id = ${q.customerId}`);
  if (q.ownerId) conditions.push(sql`c.owner_id = ${q.ownerId}`);
  const rows = await selectSummaries(ctx, sql.join(conditions, sql` and `), now, q.limit + 1);
  return { items: rows.slice(0, q.limit).map(toSummary), truncated: rows.length > q.limit };
}

export async function getCase(ctx: Ctx, id: string, now = new Date()): Promise<CaseDetail> {
  authorize(ctx, 'cases:read');
  const [summary] = await selectSummaries(ctx, sql`c.id = ${id}`, now, 1);
  if (!summary) throw notFound('Case');
  const [watchers, responses, events, goodwill, settings, org, followUps] = await Promise.all([
    ctx.db
      .select({ id: caseWatchers.employeeId })
      .from(caseWatchers)
      .where(and(eq(caseWatchers.orgId, ctx.orgId), eq(caseWatchers.caseId, id))),
    query<{
      id: string;
      survey_kind: string;
      score: number | null;
      comment: string | null;
      submitted_at: Date | string;
    }>(
      ctx.db,
      sql`select r.id, s.kind as survey_kind, r.score, r.comment, r.submitted_at from case_responses cr
          join responses r on r.org_id = cr.org_id and r.id = cr.response_id
          join surveys s on s.org_id = r.org_id and s.id = r.survey_id
          where cr.org_id = ${ctx.orgId} and cr.case_id = ${id} order by r.submitted_at, r.id`,
    ),
    ctx.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.orgId, ctx.orgId), eq(caseEvents.caseId, id)))
      .orderBy(asc(caseEvents.at), asc(caseEvents.id)),
    listGoodwillOfCase(ctx, id),
    loadCaseSettings(ctx.db, ctx.orgId),
    getOrganisation(ctx),
    latestFollowUps(ctx.db, ctx.orgId, [id]),
  ]);
  const people = await findPeople(ctx.db, ctx.orgId, [
    ...watchers.map((w) => w.id),
    ...events.flatMap((e) => (e.actorId ? [e.actorId] : [])),
  ]);
  const person = (pid: string | null) => (pid ? { id: pid, name: people.get(pid)?.name ?? 'Unknown' } : null);
  return {
    ...toSummary(summary),
    interactionId: summary.interaction_id,
    ruleId: summary.rule_id,
    watchers: watchers.map((w) => ({ id: w.id, name: people.get(w.id)?.name ?? 'Unknown' })),
    responses: responses.map((r) => ({
      id: r.id,
      surveyKind: r.survey_kind,
      score: r.score,
      comment: r.comment,
      submittedAt: iso(r.submitted_at),
    })),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      actor: person(e.actorId),
      channel: e.channel,
      body: e.body,
      details: e.details,
      at: e.at.toISOString(),
    })),
    goodwill,
    goodwillLimit: ctx.actor.type === 'user' ? limitOf(settings, ctx.actor.role) : null,
    currency: org.currency,
    rootCauseOptions: settings.rootCauses,
    followUp: followUps.get(id) ?? null,
  };
}

/** Opens a case by hand on a response or a customer. */
export async function openCase(ctx: Ctx, input: OpenCaseInput, now = new Date()): Promise<CaseDetail> {
  authorize(ctx, 'cases:write');
  const id = await ctx.db.transaction(async (tx) => {
    const c = withDb(ctx, tx);
    const system: Ctx = { ...c, actor: { type: 'system' } };
    let source: Parameters<typeof createCase>[1];
    if (input.responseId) {
      const response = await getResponse(system, input.responseId);
      const [linked] = await query<{ case_id: string }>(
        tx,
        sql`select case_id from case_responses where org_id = ${ctx.orgId} and response_id = ${input.responseId}`,
      );
      if (linked) throw conflict('This response already has a case', { caseId: linked.case_id });
      source = {
        orgId: ctx.orgId,
        customerId: response.customerId,
        responseId: response.id,
        interactionId: response.interactionId,
        teamId: response.teamId,
        servedBy: response.employeeIds,
        ruleId: null,
        origin: 'manual',
        reason:
          input.reason ??
          `Follow-up on a response${response.score === null ? '' : ` (score ${response.score})`}`,
        actorId: me(ctx),
        now,
      };
    } else {
      const customer = await getCustomer(system, input.customerId ?? '');
      source = {
        orgId: ctx.orgId,
        customerId: customer.id,
        responseId: null,
        interactionId: null,
        teamId: null,
        servedBy: [],
        ruleId: null,
        origin: 'manual',
        reason: input.reason ?? `Follow-up with ${customer.name ?? customer.email ?? 'the customer'}`,
        actorId: me(ctx),
        now,
      };
    }
    if (input.ownerId) {
      await assertEmployees(tx, ctx.orgId, [input.ownerId], 'ownerId');
      source.ownerId = input.ownerId;
    } else if (!source.servedBy.length && me(ctx)) {
      // Opened by hand on a customer: whoever opens it owns it unless they name someone.
      source.ownerId = me(ctx);
    }
    if (source.customerId) {
      const open = await findOpenCaseOfCustomer(tx, ctx.orgId, source.customerId);
      if (open) throw conflict('This customer already has an open case', { caseId: open.id });
    }
    const created = await createCase(tx, source);
    if (!created) throw conflict('This customer already has an open case');
    await recordAudit(c, 'case.opened', { type: 'case', id: created.id }, { ...input });
    return created.id;
  });
  return getCase(ctx, id, now);
}

async function assertEmployees(db: Db, orgId: string, ids: readonly string[], field: string) {
  const people = await findPeople(db, orgId, ids);
  const unknown = ids.filter((id) => !people.get(id)?.active);
  if (unknown.length > 0) throw invalid('Unknown employee', { field, employeeIds: unknown });
}

const NEXT_STATUS: Record<CaseRow['status'], readonly CaseRow['status'][]> = {
  new: ['contacted'],
  contacted: ['resolved'],
  resolved: ['closed'],
  closed: [],
};

/** Reassign, watch, tag root causes, set the outcome, move the workflow on; each change is logged. */
export async function updateCase(
  ctx: Ctx,
  id: string,
  input: UpdateCaseInput,
  now = new Date(),
): Promise<CaseDetail> {
  authorize(ctx, 'cases:write');
  await ctx.db.transaction(async (tx) => {
    const c = withDb(ctx, tx);
    const row = await findVisibleCase(c, id, true);
    const actorId = me(ctx);
    const set: Partial<typeof cases.$inferInsert> = {};
    const log = (
      kind: (typeof caseEvents.$inferInsert)['kind'],
      extra: Partial<typeof caseEvents.$inferInsert>,
    ) =>
      tx
        .insert(caseEvents)
        .values({ orgId: ctx.orgId, id: uuidv7(), caseId: id, kind, actorId, at: now, ...extra });

    if (input.ownerId !== undefined && input.ownerId !== row.ownerId) {
      await assertEmployees(tx, ctx.orgId, [input.ownerId], 'ownerId');
      set.ownerId = input.ownerId;
      await log('assigned', { details: { from: row.ownerId, to: input.ownerId } });
      await recordAudit(c, 'case.reassigned', { type: 'case', id }, { from: row.ownerId, to: input.ownerId });
      await notify(tx, ctx.orgId, {
        to: input.ownerId === actorId ? [] : [input.ownerId],
        kind: 'case_assigned',
        title: 'A case was assigned to you',
        body: row.reason,
        link: `/cases/${id}`,
        at: now,
      });
    }
    if (input.watcherIds) {
      const wanted = [...new Set(input.watcherIds)];
      await assertEmployees(tx, ctx.orgId, wanted, 'watcherIds');
      const current = (
        await tx
          .select({ id: caseWatchers.employeeId })
          .from(caseWatchers)
          .where(and(eq(caseWatchers.orgId, ctx.orgId), eq(caseWatchers.caseId, id)))
      ).map((w) => w.id);
      const added = wanted.filter((w) => !current.includes(w));
      const removed = current.filter((w) => !wanted.includes(w));
      if (removed.length > 0)
        await tx
          .delete(caseWatchers)
          .where(
            and(
              eq(caseWatchers.orgId, ctx.orgId),
              eq(caseWatchers.caseId, id),
              inArray(caseWatchers.employeeId, removed),
            ),
          );
      if (added.length > 0)
        await tx
          .insert(caseWatchers)
          .values(added.map((employeeId) => ({ orgId: ctx.orgId, caseId: id, employeeId })));
      if (added.length + removed.length > 0) await log('watcher', { details: { added, removed } });
    }
    if (input.rootCauses) {
      const settings = await loadCaseSettings(tx, ctx.orgId);
      const unknown = input.rootCauses.filter((r) => !settings.rootCauses.includes(r));
      if (unknown.length > 0)
        throw invalid('Root causes must come from the organisation’s list', { field: 'rootCauses', unknown });
      set.rootCauses = [...new Set(input.rootCauses)];
      await log('root_causes', { details: { rootCauses: set.rootCauses } });
    }
    const outcome = input.outcome ?? row.outcome;
    if (input.outcome && input.outcome !== row.outcome) {
      if (row.status === 'new' || (row.status === 'contacted' && input.status !== 'resolved'))
        throw invalid('Set the outcome when you resolve the case', { field: 'outcome' });
      set.outcome = input.outcome;
    }
    if (input.status && input.status !== row.status) {
      if (!NEXT_STATUS[row.status].includes(input.status))
        throw invalid(`A ${row.status} case cannot become ${input.status}`, { field: 'status' });
      if (input.status === 'contacted' && !row.firstContactedAt) set.firstContactedAt = now;
      if (input.status === 'resolved') {
        if (!outcome) throw invalid('Say how it ended: recovered, retained or lost', { field: 'outcome' });
        set.resolvedAt = now;
        set.outcome = outcome;
        await scheduleFollowUp(tx, ctx.orgId, row, now);
      }
      if (input.status === 'closed') set.closedAt = now;
      set.status = input.status;
      await log('status', {
        details: { from: row.status, to: input.status, outcome: set.outcome ?? row.outcome },
      });
      await recordAudit(
        c,
        'case.status_changed',
        { type: 'case', id },
        {
          from: row.status,
          to: input.status,
          outcome: set.outcome ?? row.outcome,
        },
      );
    } else if (set.outcome) {
      await log('status', { details: { outcome: set.outcome } });
      await recordAudit(
        c,
        'case.outcome_changed',
        { type: 'case', id },
        { from: row.outcome, to: set.outcome },
      );
    }
    if (Object.keys(set).length > 0)
      await tx
        .update(cases)
        .set({ ...set, updatedAt: now })
        .where(and(eq(cases.orgId, ctx.orgId), eq(cases.id, id)));
    // A customer recovered is celebrated on the service wall, crediting the owner (once per case).
    const ownerId = set.ownerId ?? row.ownerId;
    const ended = (set.status ?? row.status) === 'resolved' || (set.status ?? row.status) === 'closed';
    if (ended && (set.outcome ?? row.outcome) === 'recovered' && ownerId && (set.status || set.outcome))
      await celebrateRecovery(tx, ctx.orgId, { caseId: id, ownerId, teamId: row.teamId, at: now });
  });
  return getCase(ctx, id, now);
}

export async function addNote(ctx: Ctx, id: string, body: string, now = new Date()): Promise<CaseDetail> {
  authorize(ctx, 'cases:write');
  await ctx.db.transaction(async (tx) => {
    await findVisibleCase(withDb(ctx, tx), id, true);
    await tx
      .insert(caseEvents)
      .values({ orgId: ctx.orgId, id: uuidv7(), caseId: id, kind: 'note', actorId: me(ctx), body, at: now });
  });
  return getCase(ctx, id, now);
}

/** Logs a call or email; reaching the customer is the first contact and moves a new case on. */
export async function logContact(
  ctx: Ctx,
  id: string,
  input: LogContactInput,
  now = new Date(),
): Promise<CaseDetail> {
  authorize(ctx, 'cases:write');
  const at = input.at ? new Date(input.at) : now;
  if (at.getTime() > now.getTime() + 60_000)
    throw invalid('A contact cannot be in the future', { field: 'at' });
  await ctx.db.transaction(async (tx) => {
    const c = withDb(ctx, tx);
    const row = await findVisibleCase(c, id, true);
    await tx.insert(caseEvents).values({
      orgId: ctx.orgId,
      id: uuidv7(),
      caseId: id,
      kind: 'contact',
      actorId: me(ctx),
      channel: input.channel,
      body: input.body ?? null,
      details: { reached: input.reached },
      at,
    });
    if (input.reached && row.status === 'new') {
      await tx
        .update(cases)
        .set({ status: 'contacted', firstContactedAt: row.firstContactedAt ?? at, updatedAt: now })
        .where(and(eq(cases.orgId, ctx.orgId), eq(cases.id, id)));
      await recordAudit(
        c,
        'case.status_changed',
        { type: 'case', id },
        { from: 'new', to: 'contacted', via: input.channel },
      );
    }
  });
  return getCase(ctx, id, now);
}
