import { and, asc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query } from '../../db/client.ts';
import { publishWallStory } from '../../integrations/outbound-webhooks.service.ts';
import type { Clock } from '../../jobs/jobs.ts';
import { realClock } from '../../jobs/jobs.ts';
import { conflict, invalid, notFound } from '../../server/errors.ts';
import { authorize, type Ctx, requireUser } from '../auth/context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { resolveEmployeeRefs } from '../people/employees.service.ts';
import { getOrganisation } from '../people/organisations.service.ts';
import { employees } from '../people/people.tables.ts';
import { assertTeamExists } from '../people/teams.service.ts';
import { checkEvidence } from './evidence.ts';
import { allowancePeriod } from './period.ts';
import type { AllowanceView, GiveKudosInput, WallStoryView } from './recognition.api.ts';
import {
  kudos,
  kudosAllowances,
  kudosRecipients,
  wallComments,
  wallReactions,
} from './recognition.tables.ts';
import { loadRecognitionSettings } from './settings.service.ts';
import { loadStory } from './wall.service.ts';

/**
 * Spends `amount` of the giver's allowance for `period` in one statement: the upsert's WHERE is
 * checked against the row as locked by this statement, so two gifts racing each see the other's
 * spending and together never pass the allowance (kudos.int.test.ts races them on both databases).
 * Returns false when the allowance does not cover it.
 */
export async function spendAllowance(
  db: Db,
  orgId: string,
  employeeId: string,
  period: string,
  amount: number,
  allowance: number,
): Promise<boolean> {
  if (amount > allowance) return false;
  const rows = await query<{ spent: number }>(
    db,
    sql`insert into kudos_allowances (org_id, employee_id, period, spent)
        values (${orgId}, ${employeeId}, ${period}, ${amount})
        on conflict (org_id, employee_id, period) do update
          set spent = kudos_allowances.spent + excluded.spent
          where kudos_allowances.spent + excluded.spent <= ${allowance}
        returning spent`,
  );
  return rows.length === 1;
}

async function spentIn(db: Db, orgId: string, employeeId: string, period: string): Promise<number> {
  const [row] = await db
    .select({ spent: kudosAllowances.spent })
    .from(kudosAllowances)
    .where(
      and(
        eq(kudosAllowances.orgId, orgId),
        eq(kudosAllowances.employeeId, employeeId),
        eq(kudosAllowances.period, period),
      ),
    );
  return row?.spent ?? 0;
}

export async function pointsReceived(db: Db, orgId: string, employeeId: string): Promise<number> {
  const [row] = await query<{ n: number }>(
    db,
    sql`select coalesce(sum(points), 0)::int as n from kudos_recipients
        where org_id = ${orgId} and employee_id = ${employeeId}`,
  );
  return row?.n ?? 0;
}

/** The signed-in person's giving allowance this month, and the points they have received. */
export async function getMyAllowance(ctx: Ctx, clock: Clock = realClock): Promise<AllowanceView> {
  authorize(ctx, 'recognition:read');
  const me = requireUser(ctx);
  const [settings, org] = await Promise.all([
    loadRecognitionSettings(ctx.db, ctx.orgId),
    getOrganisation(ctx),
  ]);
  const period = allowancePeriod(clock.now(), org.timeZone);
  const spent = await spentIn(ctx.db, ctx.orgId, me.employeeId, period);
  const allowance = settings.pointsEnabled ? settings.monthlyAllowance : 0;
  return {
    pointsEnabled: settings.pointsEnabled,
    period,
    allowance,
    spent,
    remaining: Math.max(0, allowance - spent),
    maxPointsPerKudos: settings.maxPointsPerKudos,
    received: await pointsReceived(ctx.db, ctx.orgId, me.employeeId),
  };
}

/** Matches tags to the organisation's values, whatever their case; unknown tags are refused. */
function canonicalTags(tags: readonly string[], values: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const value = values.find((v) => v.toLowerCase() === tag.toLowerCase());
    if (!value)
      throw invalid(`"${tag}" is not one of the organisation's values`, { field: 'valueTags', values });
    if (!out.includes(value)) out.push(value);
  }
  return out;
}

async function nameOf(db: Db, orgId: string, id: string): Promise<string> {
  const [row] = await db
    .select({ name: sql<string>`coalesce(${employees.preferredName}, ${employees.name})` })
    .from(employees)
    .where(and(eq(employees.orgId, orgId), eq(employees.id, id)));
  return row?.name ?? 'A colleague';
}

/**
 * Kudos from the signed-in person to colleagues and/or a team, with optional points from their
 * monthly allowance (each named colleague gets `points`). Recipients are notified; the story goes
 * on the wall and to outbound webhooks. All in one transaction.
 */
export async function giveKudos(
  ctx: Ctx,
  input: GiveKudosInput,
  clock: Clock = realClock,
): Promise<WallStoryView> {
  authorize(ctx, 'recognition:give');
  const giver = requireUser(ctx);
  const recipientIds = [...new Set(input.recipientIds)];
  if (recipientIds.includes(giver.employeeId))
    throw invalid('Kudos are for colleagues; you cannot give them to yourself', { field: 'recipientIds' });
  const id = await ctx.db.transaction(async (tx) => {
    const settings = await loadRecognitionSettings(tx, ctx.orgId);
    const valueTags = canonicalTags(input.valueTags, settings.valueTags);
    const recipients = await resolveEmployeeRefs(tx, ctx.orgId, recipientIds, []);
    if (input.teamId) await assertTeamExists(tx, ctx.orgId, input.teamId);
    if (input.evidence) await checkEvidence(tx, ctx.orgId, input.evidence);

    const points = input.points;
    if (points > 0) {
      if (!settings.pointsEnabled)
        throw invalid('Points are switched off in this organisation', { field: 'points' });
      if (recipients.length === 0)
        throw invalid('Points go to named colleagues; name at least one', { field: 'points' });
      if (points > settings.maxPointsPerKudos)
        throw invalid(`At most ${settings.maxPointsPerKudos} points per colleague`, { field: 'points' });
      const org = await getOrganisation({ ...ctx, db: tx });
      const period = allowancePeriod(clock.now(), org.timeZone);
      const total = points * recipients.length;
      if (
        !(await spendAllowance(tx, ctx.orgId, giver.employeeId, period, total, settings.monthlyAllowance))
      ) {
        const remaining = Math.max(
          0,
          settings.monthlyAllowance - (await spentIn(tx, ctx.orgId, giver.employeeId, period)),
        );
        throw conflict(`Not enough points left this month: ${remaining} remaining, ${total} needed`, {
          field: 'points',
          remaining,
          needed: total,
        });
      }
    }

    const id = uuidv7();
    const at = clock.now();
    await tx.insert(kudos).values({
      orgId: ctx.orgId,
      id,
      giverId: giver.employeeId,
      teamId: input.teamId ?? null,
      kind: input.kind,
      message: input.message,
      valueTags,
      evidenceType: input.evidence?.type ?? null,
      evidenceId: input.evidence?.id ?? null,
      createdAt: at,
    });
    if (recipients.length > 0)
      await tx
        .insert(kudosRecipients)
        .values(recipients.map((r) => ({ orgId: ctx.orgId, kudosId: id, employeeId: r.id, points })));

    const giverName = await nameOf(tx, ctx.orgId, giver.employeeId);
    for (const r of recipients)
      await notify(tx, ctx.orgId, {
        to: r.id,
        kind: 'kudos',
        title: `${giverName} gave you kudos${points > 0 ? ` and ${points} points` : ''}`,
        body: input.message,
        link: `/recognition/wall?story=kudos:${id}`,
        dedupeKey: `kudos:${id}`,
        at,
      });
    const names = await Promise.all(recipients.map((r) => nameOf(tx, ctx.orgId, r.id)));
    await publishWallStory(tx, ctx.orgId, {
      type: 'kudos',
      id,
      at: at.toISOString(),
      headline: `${giverName} recognised ${names.length > 0 ? names.join(', ') : 'the team'} for ${input.kind}`,
      text: input.message,
      valueTags,
      url: '/recognition/wall',
    });
    return id;
  });
  const story = await loadStory(ctx, id);
  if (!story) throw new Error('kudos not found after insert');
  return story;
}

export async function getStory(ctx: Ctx, id: string): Promise<WallStoryView> {
  authorize(ctx, 'recognition:read');
  const story = await loadStory(ctx, id);
  if (!story) throw notFound('Story');
  return story;
}

/** Adds (or with `on: false` removes) the signed-in person's reaction to a story. */
export async function reactToStory(
  ctx: Ctx,
  id: string,
  reaction: (typeof wallReactions.$inferInsert)['reaction'],
  on: boolean,
): Promise<WallStoryView> {
  authorize(ctx, 'recognition:give');
  const { type } = await getStory(ctx, id);
  const me = requireUser(ctx);
  const key = and(
    eq(wallReactions.orgId, ctx.orgId),
    eq(wallReactions.storyType, type),
    eq(wallReactions.storyId, id),
    eq(wallReactions.employeeId, me.employeeId),
    eq(wallReactions.reaction, reaction),
  );
  if (on)
    await ctx.db
      .insert(wallReactions)
      .values({ orgId: ctx.orgId, storyType: type, storyId: id, employeeId: me.employeeId, reaction })
      .onConflictDoNothing();
  else await ctx.db.delete(wallReactions).where(key);
  return getStory(ctx, id);
}

export async function listComments(ctx: Ctx, id: string) {
  authorize(ctx, 'recognition:read');
  const { type } = await getStory(ctx, id);
  const rows = await ctx.db
    .select({
      id: wallComments.id,
      authorId: employees.id,
      authorName: employees.name,
      body: wallComments.body,
      createdAt: wallComments.createdAt,
    })
    .from(wallComments)
    .innerJoin(
      employees,
      and(eq(employees.orgId, wallComments.orgId), eq(employees.id, wallComments.authorId)),
    )
    .where(
      and(eq(wallComments.orgId, ctx.orgId), eq(wallComments.storyType, type), eq(wallComments.storyId, id)),
    )
    .orderBy(asc(wallComments.createdAt), asc(wallComments.id));
  return {
    items: rows.map((r) => ({
      id: r.id,
      author: { id: r.authorId, name: r.authorName },
      body: r.body,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

export async function commentOnStory(ctx: Ctx, id: string, body: string) {
  authorize(ctx, 'recognition:give');
  const { type } = await getStory(ctx, id);
  const me = requireUser(ctx);
  const commentId = uuidv7();
  const at = new Date();
  await ctx.db.insert(wallComments).values({
    orgId: ctx.orgId,
    id: commentId,
    storyType: type,
    storyId: id,
    authorId: me.employeeId,
    body,
    createdAt: at,
  });
  return {
    id: commentId,
    author: { id: me.employeeId, name: await nameOf(ctx.db, ctx.orgId, me.employeeId) },
    body,
    createdAt: at.toISOString(),
  };
}
