import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { enqueueDailyRun, tomorrowOfOrganisations } from '../../jobs/daily.ts';
import { type Clock, defineJob, type JobHandlers, realClock } from '../../jobs/jobs.ts';
import type { TargetView } from '../analytics/analytics.api.ts';
import { addDays } from '../analytics/scope.ts';
import { listTargets } from '../analytics/targets.service.ts';
import type { Ctx } from '../auth/context.ts';
import { getOrganisation } from '../people/organisations.service.ts';
import { getTeam } from '../people/teams.service.ts';
import { celebrate } from './celebrations.service.ts';
import { loadRecognitionSettings } from './settings.service.ts';

/**
 * A team reaching its target: once a day (07:00 in the organisation's time zone) a durable job asks
 * the analytics domain where every target stands and celebrates each one achieved. The dedupe key
 * holds the target's comparator and value, so a target celebrates once, and again only if it is
 * raised and reached anew.
 */
export const TARGET_CELEBRATIONS = 'recognition-target-celebrations';
const Payload = z.object({ day: z.iso.date() });
const CHECK_HOUR = 7;

const METRIC_LABELS: Record<TargetView['metric'], string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

export async function celebrateAchievedTargets(db: Db, orgId: string, now: Date): Promise<number> {
  const settings = await loadRecognitionSettings(db, orgId);
  if (!settings.celebrateTeamTargets) return 0;
  const system: Ctx = { db, orgId, actor: { type: 'system' } };
  const achieved = (await listTargets(system)).filter((t) => t.status === 'achieved');
  let celebrated = 0;
  for (const target of achieved) {
    const who = target.teamId
      ? (await getTeam(system, target.teamId)).name
      : (await getOrganisation(system)).name;
    const what = target.name ?? `${METRIC_LABELS[target.metric]} ${target.comparator} ${target.value}`;
    const id = await celebrate(db, orgId, {
      kind: 'team_target',
      employeeId: null,
      teamId: target.teamId,
      title: `${who} reached its target: ${what}`,
      details: {
        targetId: target.id,
        metric: target.metric,
        value: target.value,
        current: target.current.value,
      },
      dedupeKey: `target:${target.id}:${target.comparator}${target.value}`,
      at: now,
    });
    if (id) celebrated++;
  }
  return celebrated;
}

/** Makes sure every organisation (or one) has its next daily check scheduled; safe to repeat. */
export async function scheduleTargetCelebrations(
  db: Db,
  clock: Clock = realClock,
  orgId?: string,
): Promise<void> {
  for (const org of await tomorrowOfOrganisations(db, clock, orgId))
    await enqueueDailyRun(db, org.id, TARGET_CELEBRATIONS, org.tomorrow, CHECK_HOUR);
}

export function targetCelebrationHandlers(): JobHandlers {
  return {
    [TARGET_CELEBRATIONS]: defineJob(Payload, async ({ day }, job) => {
      // Tomorrow's check first: a check that keeps failing must not stop the ones after it.
      await enqueueDailyRun(job.db, job.orgId, TARGET_CELEBRATIONS, addDays(day, 1), CHECK_HOUR);
      await job.db.transaction((tx) => celebrateAchievedTargets(tx, job.orgId, job.clock.now()));
    }),
  };
}
