import { asc, eq } from 'drizzle-orm';
import { compareEstimates, type Estimate, estimate, round } from '../analytics/statistics.ts';
import { type Ctx, can } from '../auth/context.ts';
import type { ActionPlanView, PlanMovementView } from './action-plans.api.ts';
import { CONSTRUCTS, type Construct } from './constructs.ts';
import { culturePulses } from './pulse.tables.ts';
import { loadPulseData, orgTeams, type PulseData, visibleTeams } from './results.service.ts';

type PulseRow = Pick<typeof culturePulses.$inferSelect, 'id' | 'title' | 'opensAt' | 'constructs'>;

/**
 * A team's score on a construct in one pulse, as an estimate: each respondent's mean over the
 * construct's statements is one value, so the standard error comes from how respondents differ.
 * Only from the members the anonymity guard releases; null when it refuses the team.
 */
function teamConstructEstimate(data: PulseData, teamId: string, construct: Construct): Estimate | null {
  const members = data.release.members({ teamId });
  if (!members) return null;
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const i of members) {
    const t = data.answers[i]?.constructs.get(construct);
    if (!t || t.count === 0) continue;
    const x = t.sum / t.count;
    n++;
    sum += x;
    sumSq += x * x;
  }
  return n === 0 ? null : estimate({ n, sum, sumSq }, 'score', 1);
}

/**
 * "The next pulse shows whether the score moved": for each plan that answers a construct, the
 * team's score in the pulse it answers (its own pulse, or the last one before it was made) against
 * the first pulse opened after it was made. Pulses are anonymous, so the two samples cannot be
 * paired; they are compared as independent (compareEstimates), which errs towards "unchanged".
 * Only readers who see the team's pulse results get a movement.
 */
export async function attachMovements(
  ctx: Ctx,
  plans: readonly Omit<ActionPlanView, 'movement'>[],
  now = new Date(),
): Promise<ActionPlanView[]> {
  const candidates = plans.filter(
    (p) => p.source.kind === 'construct' && (CONSTRUCTS as readonly string[]).includes(p.source.key),
  );
  if (candidates.length === 0 || !can(ctx.actor, 'culture:results'))
    return plans.map((p) => ({ ...p, movement: null }));
  const [visible, pulses] = await Promise.all([
    orgTeams(ctx.db, ctx.orgId).then((teams) => visibleTeams(ctx, teams)),
    ctx.db
      .select({
        id: culturePulses.id,
        title: culturePulses.title,
        opensAt: culturePulses.opensAt,
        constructs: culturePulses.constructs,
      })
      .from(culturePulses)
      .where(eq(culturePulses.orgId, ctx.orgId))
      .orderBy(asc(culturePulses.opensAt), asc(culturePulses.id)),
  ]);
  const loaded = new Map<string, Promise<PulseData>>();
  const dataOf = (id: string) => {
    let data = loaded.get(id);
    if (!data) {
      data = loadPulseData(ctx.db, ctx.orgId, id);
      loaded.set(id, data);
    }
    return data;
  };

  const movementOf = async (plan: Omit<ActionPlanView, 'movement'>): Promise<PlanMovementView | null> => {
    const construct = plan.source.key as Construct;
    if (plan.source.kind !== 'construct' || !visible.has(plan.team.id)) return null;
    const asking = pulses.filter((p) => p.constructs.includes(construct) && p.opensAt <= now);
    const made = new Date(plan.createdAt);
    const baseline =
      asking.find((p) => p.id === plan.source.pulseId) ?? asking.filter((p) => p.opensAt <= made).at(-1);
    const next = baseline ? asking.find((p) => p.opensAt > made && p.opensAt > baseline.opensAt) : undefined;
    const empty = {
      construct,
      before: null,
      after: null,
      change: null,
      pValue: null,
      significant: false,
      direction: 'unchanged' as const,
    };
    if (!baseline) return { status: 'no_baseline', ...empty };
    const figure = async (p: PulseRow) => {
      const e = teamConstructEstimate(await dataOf(p.id), plan.team.id, construct);
      return e?.value == null
        ? null
        : {
            estimate: e,
            view: {
              pulseId: p.id,
              title: p.title,
              opensAt: p.opensAt.toISOString(),
              mean: round(e.value) as number,
              responses: e.n,
            },
          };
    };
    const before = await figure(baseline);
    if (!next) return { status: 'awaiting_next_pulse', ...empty, before: before?.view ?? null };
    const after = await figure(next);
    if (!before || !after)
      return {
        status: 'too_few_responses',
        ...empty,
        before: before?.view ?? null,
        after: after?.view ?? null,
      };
    const compared = compareEstimates(before.estimate, after.estimate);
    return {
      status: 'measured',
      construct,
      before: before.view,
      after: after.view,
      change: round(compared.change),
      pValue: round(compared.pValue, 4),
      significant: compared.significant,
      direction: compared.direction,
    };
  };
  return Promise.all(plans.map(async (p) => ({ ...p, movement: await movementOf(p) })));
}
