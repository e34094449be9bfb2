import { and, desc, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query, sql } from '../../db/client.ts';
import { conflict, forbidden, invalid, notFound } from '../../server/errors.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx, requireUser } from '../auth/context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { celebrate } from './celebrations.service.ts';
import { checkEvidence } from './evidence.ts';
import type {
  AwardRoundView,
  CreateAwardRoundInput,
  NominateInput,
  NominationView,
} from './recognition.api.ts';
import { awardNominations, awardRounds } from './recognition.tables.ts';

/**
 * Nominations for a periodic award: a manager or leader opens a round ("Service star, March"),
 * anyone nominates a colleague with a reason (ideally evidence) until it closes, and the round's
 * owner approves the winners or rejects nominations. Each winner is celebrated on the wall once per
 * round, however many people nominated them, and told so. Nominations are seen only by the owner and by whoever
 * made them: a nominee learns of the award when they win it.
 */

type RoundRow = typeof awardRounds.$inferSelect;
type NominationRow = typeof awardNominations.$inferSelect;
type Person = { id: string; name: string };

async function namesOf(db: Db, orgId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await query<Person>(
    db,
    sql`select id, coalesce(preferred_name, name) as name from employees where org_id = ${orgId}
        and id in (${sql.join(
          unique.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

const personOf = (names: Map<string, string>, id: string): Person => ({ id, name: names.get(id) ?? '' });

function nominationView(n: NominationRow, names: Map<string, string>): NominationView {
  return {
    id: n.id,
    roundId: n.roundId,
    nominee: personOf(names, n.nomineeId),
    nominator: personOf(names, n.nominatorId),
    reason: n.reason,
    evidence: n.evidenceType && n.evidenceId ? { type: n.evidenceType, id: n.evidenceId } : null,
    status: n.status,
    decidedAt: n.decidedAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}

const viewerOf = (ctx: Ctx) => (ctx.actor.type === 'user' ? ctx.actor.employeeId : null);

async function roundViews(ctx: Ctx, rounds: RoundRow[], now: Date): Promise<AwardRoundView[]> {
  if (rounds.length === 0) return [];
  const viewer = viewerOf(ctx);
  const nominations = await ctx.db
    .select()
    .from(awardNominations)
    .where(
      and(
        eq(awardNominations.orgId, ctx.orgId),
        inArray(
          awardNominations.roundId,
          rounds.map((r) => r.id),
        ),
      ),
    )
    .orderBy(awardNominations.createdAt, awardNominations.id);
  const ofRound = (id: string) => nominations.filter((n) => n.roundId === id);
  const names = await namesOf(ctx.db, ctx.orgId, [
    ...rounds.map((r) => r.ownerId),
    ...nominations.flatMap((n) => [n.nomineeId, n.nominatorId]),
  ]);
  return rounds.map((r) => {
    const all = ofRound(r.id);
    const owner = viewer === r.ownerId;
    const winners = [...new Set(all.filter((n) => n.status === 'approved').map((n) => n.nomineeId))];
    return {
      id: r.id,
      title: r.title,
      period: r.period,
      closesAt: r.closesAt.toISOString(),
      open: r.closesAt.getTime() > now.getTime(),
      owner: personOf(names, r.ownerId),
      nominationCount: all.length,
      winners: winners.map((id) => personOf(names, id)),
      canDecide: owner,
      nominations: all.filter((n) => owner || n.nominatorId === viewer).map((n) => nominationView(n, names)),
    };
  });
}

async function findRound(ctx: Ctx, id: string): Promise<RoundRow> {
  const [row] = await ctx.db
    .select()
    .from(awardRounds)
    .where(and(eq(awardRounds.orgId, ctx.orgId), eq(awardRounds.id, id)));
  if (!row) throw notFound('Award round');
  return row;
}

export async function openAwardRound(
  ctx: Ctx,
  input: CreateAwardRoundInput,
  now = new Date(),
): Promise<AwardRoundView> {
  authorize(ctx, 'recognition:awards');
  const me = requireUser(ctx);
  const closesAt = new Date(input.closesAt);
  if (closesAt.getTime() <= now.getTime())
    throw invalid('A round closes in the future', { field: 'closesAt' });
  const row: RoundRow = {
    orgId: ctx.orgId,
    id: uuidv7(),
    title: input.title,
    period: input.period,
    closesAt,
    ownerId: me.employeeId,
    createdAt: now,
  };
  await ctx.db.transaction(async (tx) => {
    await tx.insert(awardRounds).values(row);
    await recordAudit(
      { ...ctx, db: tx },
      'recognition.award_opened',
      { type: 'award_round', id: row.id },
      {
        title: row.title,
        period: row.period,
      },
    );
  });
  const [view] = await roundViews(ctx, [row], now);
  if (!view) throw new Error('round view missing');
  return view;
}

/** Award rounds, newest closing first. */
export async function listAwardRounds(ctx: Ctx, now = new Date()): Promise<AwardRoundView[]> {
  authorize(ctx, 'recognition:read');
  const rounds = await ctx.db
    .select()
    .from(awardRounds)
    .where(eq(awardRounds.orgId, ctx.orgId))
    .orderBy(desc(awardRounds.closesAt), desc(awardRounds.id))
    .limit(50);
  return roundViews(ctx, rounds, now);
}

export async function getAwardRound(ctx: Ctx, id: string, now = new Date()): Promise<AwardRoundView> {
  authorize(ctx, 'recognition:read');
  const [view] = await roundViews(ctx, [await findRound(ctx, id)], now);
  if (!view) throw notFound('Award round');
  return view;
}

export async function nominate(
  ctx: Ctx,
  roundId: string,
  input: NominateInput,
  now = new Date(),
): Promise<NominationView> {
  authorize(ctx, 'recognition:give');
  // The round first: another organisation's round is unknown, whoever asks.
  const round = await findRound(ctx, roundId);
  const me = requireUser(ctx);
  if (round.closesAt.getTime() <= now.getTime()) throw conflict('This round has closed for nominations');
  if (input.nomineeId === me.employeeId)
    throw invalid('Nominate a colleague, not yourself', { field: 'nomineeId' });
  const [nominee] = await query<{ id: string }>(
    ctx.db,
    sql`select id from employees where org_id = ${ctx.orgId} and id = ${input.nomineeId} and active`,
  );
  if (!nominee) throw invalid('Unknown employee', { field: 'nomineeId' });
  if (input.evidence) await checkEvidence(ctx.db, ctx.orgId, input.evidence);
  const [row] = await ctx.db
    .insert(awardNominations)
    .values({
      orgId: ctx.orgId,
      id: uuidv7(),
      roundId,
      nomineeId: input.nomineeId,
      nominatorId: me.employeeId,
      reason: input.reason,
      evidenceType: input.evidence?.type ?? null,
      evidenceId: input.evidence?.id ?? null,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict('You have already nominated this colleague in this round');
  return nominationView(row, await namesOf(ctx.db, ctx.orgId, [row.nomineeId, row.nominatorId]));
}

/** The round's owner approves a nomination (its nominee wins, celebrated on the wall) or rejects it. */
export async function decideNomination(
  ctx: Ctx,
  nominationId: string,
  decision: 'approved' | 'rejected',
  now = new Date(),
): Promise<NominationView> {
  authorize(ctx, 'recognition:read');
  const [nomination] = await ctx.db
    .select()
    .from(awardNominations)
    .where(and(eq(awardNominations.orgId, ctx.orgId), eq(awardNominations.id, nominationId)));
  if (!nomination) throw notFound('Nomination');
  const round = await findRound(ctx, nomination.roundId);
  if (viewerOf(ctx) !== round.ownerId) throw forbidden('Only the round’s owner decides its nominations');
  if (nomination.status !== 'pending') throw conflict(`This nomination was already ${nomination.status}`);
  const updated = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(awardNominations)
      .set({ status: decision, decidedBy: round.ownerId, decidedAt: now })
      .where(
        and(
          eq(awardNominations.orgId, ctx.orgId),
          eq(awardNominations.id, nominationId),
          eq(awardNominations.status, 'pending'),
        ),
      )
      .returning();
    if (!row) throw conflict('This nomination was decided meanwhile');
    const names = await namesOf(tx, ctx.orgId, [row.nomineeId, row.nominatorId]);
    if (decision === 'approved') {
      const award = `${round.title} (${round.period})`;
      const dedupeKey = `award:${round.id}:${row.nomineeId}`;
      await celebrate(tx, ctx.orgId, {
        kind: 'award_winner',
        employeeId: row.nomineeId,
        title: `${names.get(row.nomineeId) ?? 'A colleague'} won ${award}`,
        details: { roundId: round.id },
        dedupeKey,
        at: now,
      });
      // Told like kudos received (same email topic), once however many nominations won.
      await notify(tx, ctx.orgId, {
        to: row.nomineeId,
        kind: 'kudos',
        title: `You won ${award}`,
        body: 'Colleagues nominated you, and it is on the service wall.',
        link: '/recognition/wall',
        dedupeKey,
        at: now,
      });
    }
    await recordAudit({ ...ctx, db: tx }, `recognition.nomination_${decision}`, {
      type: 'award_nomination',
      id: row.id,
    });
    return nominationView(row, names);
  });
  return updated;
}
