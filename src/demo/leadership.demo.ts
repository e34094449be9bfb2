import { uuidv7 } from 'uuidv7';
import { type Db, query, sql } from '../db/client.ts';
import { pick, seededRandom } from './random.ts';

const DAY_MS = 86_400_000;

const SHARED_NOTES = [
  'Went through last week’s detractor comments together; agreed to give arrival windows on every booking call.',
  'Listened to two calls. Great recovery on the billing one; next time offer the callback before the customer asks.',
  'Reviewed open cases: two near their deadline, one to hand over while on leave.',
  'Talked about the Home Plan renewals push and what customers keep asking about.',
  'Celebrated the three promoters who named you this month. Picked one skill to work on next.',
];
const GOALS = [
  { title: 'Resolve billing questions on the first call', description: 'Fewer callbacks on estimates.' },
  { title: 'Give every customer an arrival window', description: 'No more “when will they come?” calls.' },
  { title: 'Write visit notes billing can use without calling', description: '' },
];
const STEP_IN_NOTES = [
  'Called the customer myself to apologise and take the pressure off; the owner will confirm the new visit.',
  'Approved the goodwill credit so the owner can tell the customer today.',
  'Unblocked the parts order with the supplier; owner to call the customer back.',
];

export interface DemoLeadershipResult {
  created: boolean;
  oneOnOnes: number;
  goals: number;
  steppedIn: number;
}

/**
 * A leadership history for the scorecard: monthly 1:1s that managers held with their reports
 * over the last five months (and one planned for next week), a coaching goal per manager with
 * check-ins, and leaders stepping in on some of their people's cases. Seeded and relative to now;
 * does nothing when the organisation already has 1:1s.
 */
export async function loadDemoLeadership(
  db: Db,
  orgId: string,
  progress: (message: string) => void = () => {},
  now = new Date(),
): Promise<DemoLeadershipResult> {
  const [existing] = await query<{ id: string }>(
    db,
    sql`select id from one_on_ones where org_id = ${orgId} limit 1`,
  );
  if (existing) return { created: false, oneOnOnes: 0, goals: 0, steppedIn: 0 };
  const random = seededRandom(20261207);
  // Each team manager and the active people in the teams they manage (not themselves).
  const pairs = await query<{ manager_id: string; employee_id: string }>(
    db,
    sql`select distinct tm.employee_id as manager_id, m.employee_id
        from team_managers tm
        join team_memberships m on m.org_id = tm.org_id and m.team_id = tm.team_id and m.ended_at is null
        join employees e on e.org_id = m.org_id and e.id = m.employee_id and e.active
        where tm.org_id = ${orgId} and m.employee_id <> tm.employee_id
        order by 1, 2`,
  );
  const reportsOf = new Map<string, string[]>();
  for (const p of pairs) reportsOf.set(p.manager_id, [...(reportsOf.get(p.manager_id) ?? []), p.employee_id]);

  let oneOnOnes = 0;
  let goals = 0;
  for (const [manager, reports] of reportsOf) {
    // Some managers hold 1:1s every month, others let them slip: the scorecard should show both.
    const habit = 0.35 + random() * 0.6;
    for (const report of reports.slice(0, 3)) {
      for (let month = 5; month >= 0; month--) {
        if (random() > habit) continue;
        const at = new Date(now.getTime() - (month * 30 + 2 + Math.floor(random() * 20)) * DAY_MS);
        if (at > now) continue;
        await query(
          db,
          sql`insert into one_on_ones (org_id, id, manager_id, employee_id, scheduled_for, held_at, shared_notes, created_at, updated_at)
              values (${orgId}, ${uuidv7()}, ${manager}, ${report}, ${at.toISOString()}, ${at.toISOString()},
                ${pick(random, SHARED_NOTES)}, ${at.toISOString()}, ${at.toISOString()})`,
        );
        oneOnOnes++;
      }
    }
    const first = reports[0];
    if (first) {
      const next = new Date(now.getTime() + 7 * DAY_MS).toISOString();
      await query(
        db,
        sql`insert into one_on_ones (org_id, id, manager_id, employee_id, scheduled_for)
            values (${orgId}, ${uuidv7()}, ${manager}, ${first}, ${next})`,
      );
      oneOnOnes++;
      const goal = pick(random, GOALS);
      const goalId = uuidv7();
      const created = new Date(now.getTime() - 60 * DAY_MS);
      const progressNow = 20 + Math.floor(random() * 60);
      await query(
        db,
        sql`insert into coaching_goals (org_id, id, employee_id, created_by, title, description, due_on, progress, created_at)
            values (${orgId}, ${goalId}, ${first}, ${manager}, ${goal.title}, ${goal.description},
              ${new Date(now.getTime() + 45 * DAY_MS).toISOString().slice(0, 10)}, ${progressNow}, ${created.toISOString()})`,
      );
      for (const [daysAgo, figure] of [
        [40, Math.round(progressNow / 2)],
        [10, progressNow],
      ] as const)
        await query(
          db,
          sql`insert into coaching_check_ins (org_id, id, goal_id, author_id, progress, note, created_at)
              values (${orgId}, ${uuidv7()}, ${goalId}, ${manager}, ${figure}, 'On the way.',
                ${new Date(now.getTime() - daysAgo * DAY_MS).toISOString()})`,
        );
      goals++;
    }
  }

  // Managers step in on a few of their people's cases, a day after each was opened.
  const cases = await query<{ id: string; manager_id: string; opened_at: Date | string }>(
    db,
    sql`select distinct on (c.id) c.id, tm.employee_id as manager_id, c.opened_at
        from cases c
        join team_memberships m on m.org_id = c.org_id and m.employee_id = c.owner_id and m.ended_at is null
        join team_managers tm on tm.org_id = m.org_id and tm.team_id = m.team_id and tm.employee_id <> c.owner_id
        where c.org_id = ${orgId}
        order by c.id, tm.employee_id`,
  );
  let steppedIn = 0;
  for (const c of cases) {
    if (random() > 0.3) continue;
    const at = new Date(Math.min(new Date(c.opened_at).getTime() + DAY_MS, now.getTime()));
    await query(
      db,
      sql`insert into case_events (org_id, id, case_id, kind, actor_id, body, at)
          values (${orgId}, ${uuidv7()}, ${c.id}, 'note', ${c.manager_id}, ${pick(random, STEP_IN_NOTES)}, ${at.toISOString()})`,
    );
    steppedIn++;
  }
  progress(
    `demo: leadership history (${oneOnOnes} 1:1s, ${goals} coaching goals, ${steppedIn} cases stepped in)`,
  );
  return { created: true, oneOnOnes, goals, steppedIn };
}
