import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { type Db, query, sql } from '../../db/client.ts';
import type { Mailer } from '../../integrations/email.ts';
import { type Clock, defineJob, enqueue, type JobHandlers, realClock } from '../../jobs/jobs.ts';
import { conflict, invalid, notFound } from '../../server/errors.ts';
import { authorize, type Ctx, requireUser } from '../auth/context.ts';
import { existingTeamIds } from '../people/teams.service.ts';
import { ensureStatementBank } from './bank.service.ts';
import { COMMENT_PROMPT, CONSTRUCTS, type Construct, ENPS_QUESTION } from './constructs.ts';
import type { AnswerPulseInput, CreatePulseInput, PulseView } from './pulse.api.ts';
import {
  cultureAnswerScores,
  cultureAnswers,
  cultureComments,
  cultureParticipation,
  culturePulseStatements,
  culturePulses,
  cultureStatements,
  type Recurrence,
  type TenureBand,
} from './pulse.tables.ts';

export const PULSE_RECUR_QUEUE = 'culture-pulse-recur';
export const PULSE_REMINDER_QUEUE = 'culture-pulse-reminder';

type PulseRow = typeof culturePulses.$inferSelect;

export function pulseStatus(p: Pick<PulseRow, 'opensAt' | 'closesAt' | 'closedAt'>, now: Date) {
  if (p.closedAt || now >= p.closesAt) return 'closed' as const;
  return now < p.opensAt ? ('scheduled' as const) : ('open' as const);
}

async function statementsOf(db: Db, orgId: string, pulseIds: readonly string[]) {
  if (pulseIds.length === 0) return new Map<string, PulseView['statements']>();
  const rows = await db
    .select()
    .from(culturePulseStatements)
    .where(
      and(eq(culturePulseStatements.orgId, orgId), inArray(culturePulseStatements.pulseId, [...pulseIds])),
    )
    .orderBy(asc(culturePulseStatements.position));
  const out = new Map<string, PulseView['statements']>();
  for (const r of rows) {
    const list = out.get(r.pulseId) ?? [];
    list.push({ id: r.statementId, construct: r.construct, text: r.text });
    out.set(r.pulseId, list);
  }
  return out;
}

async function toViews(db: Db, orgId: string, rows: readonly PulseRow[], now: Date): Promise<PulseView[]> {
  const statements = await statementsOf(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    opensAt: r.opensAt.toISOString(),
    closesAt: r.closesAt.toISOString(),
    status: pulseStatus(r, now),
    audienceTeamIds: r.audienceTeamIds,
    constructs: r.constructs as Construct[],
    recurrence: r.recurrence,
    previousPulseId: r.previousPulseId,
    statements: statements.get(r.id) ?? [],
  }));
}

async function loadPulse(db: Db, orgId: string, id: string): Promise<PulseRow> {
  const [row] = await db
    .select()
    .from(culturePulses)
    .where(and(eq(culturePulses.orgId, orgId), eq(culturePulses.id, id)));
  if (!row) throw notFound('Pulse');
  return row;
}

/** Stores a pulse with the bank's current statements for its constructs, and its jobs. */
async function insertPulse(
  db: Db,
  orgId: string,
  p: {
    title: string;
    opensAt: Date;
    closesAt: Date;
    audienceTeamIds: string[];
    constructs: Construct[];
    recurrence: Recurrence;
    previousPulseId?: string | null;
    createdBy?: string | null;
  },
): Promise<PulseRow | null> {
  await ensureStatementBank(db, orgId);
  const id = uuidv7();
  const [row] = await db
    .insert(culturePulses)
    .values({ orgId, id, ...p, previousPulseId: p.previousPulseId ?? null, createdBy: p.createdBy ?? null })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  const bank = await db
    .select()
    .from(cultureStatements)
    .where(
      and(
        eq(cultureStatements.orgId, orgId),
        isNull(cultureStatements.retiredAt),
        inArray(cultureStatements.construct, p.constructs),
      ),
    )
    .orderBy(asc(cultureStatements.position), asc(cultureStatements.id));
  bank.sort((a, b) => CONSTRUCTS.indexOf(a.construct) - CONSTRUCTS.indexOf(b.construct));
  if (bank.length === 0) throw invalid('The chosen constructs have no active statements in the bank');
  await db.insert(culturePulseStatements).values(
    bank.map((s, position) => ({
      orgId,
      pulseId: id,
      statementId: s.id,
      construct: s.construct,
      text: s.text,
      position,
    })),
  );
  // A reminder when 60% of the window has passed; the next pulse when this one closes.
  const window = p.closesAt.getTime() - p.opensAt.getTime();
  await enqueue(db, {
    orgId,
    queue: PULSE_REMINDER_QUEUE,
    payload: { pulseId: id },
    runAt: new Date(p.opensAt.getTime() + window * 0.6),
    singletonKey: `${id}:auto`,
  });
  if (p.recurrence !== 'none')
    await enqueue(db, {
      orgId,
      queue: PULSE_RECUR_QUEUE,
      payload: { pulseId: id },
      runAt: p.closesAt,
      singletonKey: id,
    });
  return row;
}

export async function createPulse(
  ctx: Ctx,
  input: CreatePulseInput,
  clock: Clock = realClock,
): Promise<PulseView> {
  authorize(ctx, 'culture:manage');
  const opensAt = new Date(input.opensAt);
  const closesAt = new Date(input.closesAt);
  if (closesAt <= opensAt) throw invalid('A pulse must close after it opens', { field: 'closesAt' });
  const audience = [...new Set(input.audienceTeamIds)];
  const known = await existingTeamIds(ctx.db, ctx.orgId, audience);
  const unknown = audience.filter((t) => !known.has(t));
  if (unknown.length > 0) throw invalid('Unknown team', { field: 'audienceTeamIds', unknown });
  const constructs = CONSTRUCTS.filter((c) => (input.constructs ?? CONSTRUCTS).includes(c));
  const row = await ctx.db.transaction((tx) =>
    insertPulse(tx, ctx.orgId, {
      title: input.title,
      opensAt,
      closesAt,
      audienceTeamIds: audience,
      constructs,
      recurrence: input.recurrence,
      createdBy: ctx.actor.type === 'user' ? ctx.actor.employeeId : null,
    }),
  );
  const [view] = await toViews(ctx.db, ctx.orgId, [row as PulseRow], clock.now());
  return view as PulseView;
}

export async function listPulses(ctx: Ctx, clock: Clock = realClock): Promise<PulseView[]> {
  authorize(ctx, 'culture:results');
  const rows = await ctx.db
    .select()
    .from(culturePulses)
    .where(eq(culturePulses.orgId, ctx.orgId))
    .orderBy(desc(culturePulses.opensAt), desc(culturePulses.id))
    .limit(200);
  return toViews(ctx.db, ctx.orgId, rows, clock.now());
}

export async function getPulse(ctx: Ctx, id: string, clock: Clock = realClock): Promise<PulseView> {
  authorize(ctx, 'culture:results');
  const [view] = await toViews(ctx.db, ctx.orgId, [await loadPulse(ctx.db, ctx.orgId, id)], clock.now());
  return view as PulseView;
}

export async function closePulse(ctx: Ctx, id: string, clock: Clock = realClock): Promise<PulseView> {
  authorize(ctx, 'culture:manage');
  const now = clock.now();
  await loadPulse(ctx.db, ctx.orgId, id);
  await ctx.db
    .update(culturePulses)
    .set({ closedAt: now })
    .where(and(eq(culturePulses.orgId, ctx.orgId), eq(culturePulses.id, id), isNull(culturePulses.closedAt)));
  return getPulse(ctx, id, clock);
}

/** Active people in the pulse's audience (everyone, or the teams and their sub-teams), now. */
export function audienceSql(orgId: string, pulse: Pick<PulseRow, 'audienceTeamIds'>) {
  const teams = pulse.audienceTeamIds;
  const inTeams =
    teams.length === 0
      ? sql`true`
      : sql`exists (
          with recursive scope(id) as (
            select id from teams where org_id = ${orgId} and id in (${sql.join(
              teams.map((t) => sql`${t}::uuid`),
              sql`, `,
            )})
            union select t.id from teams t join scope s on t.parent_id = s.id where t.org_id = ${orgId})
          select 1 from team_memberships m join scope on scope.id = m.team_id
          where m.org_id = ${orgId} and m.employee_id = e.id and m.ended_at is null)`;
  return sql`select e.id, e.email, e.name from employees e where e.org_id = ${orgId} and e.active and ${inTeams}`;
}

export async function audienceSize(db: Db, orgId: string, pulse: Pick<PulseRow, 'audienceTeamIds'>) {
  const [row] = await query<{ n: number }>(
    db,
    sql`select count(*)::int as n from (${audienceSql(orgId, pulse)}) a`,
  );
  return row?.n ?? 0;
}

/** The open pulses the signed-in person is asked and has not answered yet. */
export async function myOpenPulses(ctx: Ctx, clock: Clock = realClock) {
  const me = requireUser(ctx);
  const now = clock.now().toISOString();
  const rows = await query<{ id: string }>(
    ctx.db,
    sql`select p.id from culture_pulses p
        where p.org_id = ${ctx.orgId} and p.closed_at is null
          and p.opens_at <= ${now}::timestamptz and p.closes_at > ${now}::timestamptz
          and not exists (select 1 from culture_participation cp
                          where cp.org_id = p.org_id and cp.pulse_id = p.id and cp.employee_id = ${me.employeeId})
        order by p.closes_at, p.id`,
  );
  const pulses = [];
  for (const { id } of rows) {
    const pulse = await loadPulse(ctx.db, ctx.orgId, id);
    if (!(await inAudience(ctx.db, ctx.orgId, pulse, me.employeeId))) continue;
    const [view] = await toViews(ctx.db, ctx.orgId, [pulse], clock.now());
    if (view)
      pulses.push({
        id: view.id,
        title: view.title,
        closesAt: view.closesAt,
        statements: view.statements,
        enpsQuestion: ENPS_QUESTION,
        commentPrompt: COMMENT_PROMPT,
      });
  }
  return { items: pulses };
}

export async function inAudience(
  db: Db,
  orgId: string,
  pulse: Pick<PulseRow, 'audienceTeamIds'>,
  employeeId: string,
): Promise<boolean> {
  const rows = await query<{ id: string }>(
    db,
    sql`select a.id from (${audienceSql(orgId, pulse)}) a where a.id = ${employeeId}`,
  );
  return rows.length > 0;
}

export function tenureBand(startDate: string | null, now: Date): TenureBand {
  if (!startDate) return 'unknown';
  const years = (now.getTime() - new Date(`${startDate}T00:00:00Z`).getTime()) / (365.25 * 86_400_000);
  return years < 1 ? '<1y' : years < 3 ? '1-3y' : '3y+';
}

/**
 * Records an answer with no link to the person: the answer row carries a random id, the team the
 * person is in now and coarse attributes; participation (who answered) is a separate row with no
 * answer id and no time. Answering twice is refused.
 */
export async function answerPulse(
  ctx: Ctx,
  pulseId: string,
  input: AnswerPulseInput,
  clock: Clock = realClock,
): Promise<{ status: 'recorded' }> {
  const pulse = await loadPulse(ctx.db, ctx.orgId, pulseId);
  const me = requireUser(ctx);
  if (!(await inAudience(ctx.db, ctx.orgId, pulse, me.employeeId))) throw notFound('Pulse');
  const now = clock.now();
  if (pulseStatus(pulse, now) !== 'open') throw conflict('This pulse is not open');
  const asked = (await statementsOf(ctx.db, ctx.orgId, [pulseId])).get(pulseId) ?? [];
  const given = new Map(input.scores.map((s) => [s.statementId, s.score]));
  // Every statement must be answered: a skipped item would give each statement its own count, and
  // differences between those counts could single people out.
  if (
    given.size !== input.scores.length ||
    given.size !== asked.length ||
    asked.some((s) => !given.has(s.id))
  )
    throw invalid('Answer every statement of the pulse once', { field: 'scores' });
  const [person] = await query<{ role: string; start_date: string | null; team_id: string | null }>(
    ctx.db,
    sql`select e.role, e.start_date::text as start_date,
          (select m.team_id from team_memberships m where m.org_id = e.org_id and m.employee_id = e.id
             and m.ended_at is null order by m.started_at desc, m.team_id limit 1) as team_id
        from employees e where e.org_id = ${ctx.orgId} and e.id = ${me.employeeId}`,
  );
  if (!person) throw notFound('Pulse');
  await ctx.db.transaction(async (tx) => {
    const took = await tx
      .insert(cultureParticipation)
      .values({ orgId: ctx.orgId, pulseId, employeeId: me.employeeId })
      .onConflictDoNothing()
      .returning();
    if (took.length === 0) throw conflict('You have already answered this pulse');
    const answerId = randomUUID();
    await tx.insert(cultureAnswers).values({
      orgId: ctx.orgId,
      id: answerId,
      pulseId,
      teamId: person.team_id,
      role: person.role,
      tenureBand: tenureBand(person.start_date, now),
      enps: input.enps,
    });
    await tx.insert(cultureAnswerScores).values(
      asked.map((s) => ({
        orgId: ctx.orgId,
        answerId,
        statementId: s.id,
        construct: s.construct,
        score: given.get(s.id) as number,
      })),
    );
    if (input.comment)
      await tx
        .insert(cultureComments)
        .values({ orgId: ctx.orgId, id: randomUUID(), pulseId, teamId: person.team_id, body: input.comment });
  });
  return { status: 'recorded' };
}

/** Asks for a reminder now (at most one a day per pulse); the job emails those who have not answered. */
export async function requestReminder(ctx: Ctx, pulseId: string, clock: Clock = realClock) {
  authorize(ctx, 'culture:manage');
  const pulse = await loadPulse(ctx.db, ctx.orgId, pulseId);
  const now = clock.now();
  if (pulseStatus(pulse, now) !== 'open') throw conflict('Only an open pulse can be reminded');
  const id = await enqueue(ctx.db, {
    orgId: ctx.orgId,
    queue: PULSE_REMINDER_QUEUE,
    payload: { pulseId },
    runAt: now,
    singletonKey: `${pulseId}:${now.toISOString().slice(0, 10)}`,
  });
  return { queued: id !== null };
}

/** The constructs of the pulse after this one: the next ones in order when a subset rotates. */
export function nextConstructs(current: readonly string[]): Construct[] {
  const known = CONSTRUCTS.filter((c) => current.includes(c));
  if (known.length === 0 || known.length === CONSTRUCTS.length) return [...CONSTRUCTS];
  const last = CONSTRUCTS.indexOf(known[known.length - 1] as Construct);
  return Array.from(
    { length: known.length },
    (_, i) => CONSTRUCTS[(last + 1 + i) % CONSTRUCTS.length] as Construct,
  );
}

function addMonthsTo(d: Date, months: number): Date {
  const out = new Date(d);
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

const PulseJob = z.object({ pulseId: z.uuid() });

export function pulseJobHandlers(deps: { mailer: Mailer; publicUrl: string }): JobHandlers {
  return {
    [PULSE_RECUR_QUEUE]: defineJob(PulseJob, async ({ pulseId }, job) => {
      const [pulse] = await job.db
        .select()
        .from(culturePulses)
        .where(and(eq(culturePulses.orgId, job.orgId), eq(culturePulses.id, pulseId)));
      if (!pulse || pulse.recurrence === 'none') return;
      const months = pulse.recurrence === 'monthly' ? 1 : 3;
      const opensAt = addMonthsTo(pulse.opensAt, months);
      // The unique previous_pulse_id makes a second run create nothing.
      await job.db.transaction((tx) =>
        insertPulse(tx, job.orgId, {
          title: pulse.title,
          opensAt,
          closesAt: new Date(opensAt.getTime() + (pulse.closesAt.getTime() - pulse.opensAt.getTime())),
          audienceTeamIds: pulse.audienceTeamIds,
          constructs: nextConstructs(pulse.constructs),
          recurrence: pulse.recurrence,
          previousPulseId: pulse.id,
          createdBy: pulse.createdBy,
        }),
      );
    }),
    [PULSE_REMINDER_QUEUE]: defineJob(PulseJob, async ({ pulseId }, job) => {
      const [pulse] = await job.db
        .select()
        .from(culturePulses)
        .where(and(eq(culturePulses.orgId, job.orgId), eq(culturePulses.id, pulseId)));
      if (!pulse || pulseStatus(pulse, job.clock.now()) !== 'open') return;
      const waiting = await query<{ email: string; name: string }>(
        job.db,
        sql`select a.email, a.name from (${audienceSql(job.orgId, pulse)}) a
            where not exists (select 1 from culture_participation cp
              where cp.org_id = ${job.orgId} and cp.pulse_id = ${pulseId} and cp.employee_id = a.id)
            order by a.id`,
      );
      // The same words to everyone asked: nobody learns who has answered.
      const closes = pulse.closesAt.toISOString().slice(0, 10);
      for (const person of waiting)
        await deps.mailer.send({
          to: person.email,
          subject: `Reminder: ${pulse.title}`,
          text: [
            `Hello ${person.name},`,
            '',
            `"${pulse.title}" is open until ${closes}. It takes about three minutes.`,
            'Your answers are anonymous: they are stored without your name, and results are shown only',
            'for groups large enough that nobody can be singled out.',
            '',
            `${deps.publicUrl}/culture/pulse`,
          ].join('\n'),
        });
    }),
  };
}
