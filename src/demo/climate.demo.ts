import { uuidv7 } from 'uuidv7';
import { type Db, query, sql } from '../db/client.ts';
import type { Ctx, Role } from '../domains/auth/context.ts';
import { addProgress, createActionPlan } from '../domains/culture/action-plans.service.ts';
import { createAssessment, updateAssessment } from '../domains/culture/climate.service.ts';
import { CLIMATE_QUESTIONS } from '../domains/culture/climate-questions.ts';

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Ratings of the demo leader's assessment: confident about strategy, honest about training. */
const DEMO_RATINGS: Record<string, [number, string]> = {
  strategy: [4, 'Written and reviewed in January; the "customers we will not serve" part is still thin.'],
  communicated: [3, 'Presented at the kick-off; no check that the field teams understood it.'],
  reward: [3, 'Kudos are catching on in the office, less so in the field.'],
  processes: [3, 'Callback deadlines exist; the van schedule still drives the customer’s day.'],
  measurement: [4, 'Monthly NPS by team against targets.'],
  perform_well: [4, 'Managers praise quickly when a customer names someone.'],
  perform_poorly: [2, 'Feedback on mistakes waits for the one-to-one.'],
  train_commitment: [2, 'Induction only.'],
  train_competency: [3, 'Product training is good; complaint handling is not taught.'],
  connect_customer: [4, 'Every job gets a survey and detractors are called back.'],
  celebrate_success: [4, 'The service wall is busy.'],
  celebrate_effort: [2, 'We celebrate fixes, rarely the effort behind them.'],
};

const userCtx = (db: Db, orgId: string, employeeId: string, role: Role): Ctx => ({
  db,
  orgId,
  actor: { type: 'user', employeeId, role, sessionId: uuidv7() },
});

/**
 * A few action plans at different stages (planned, in progress with updates, done, one overdue)
 * from the managers of the largest teams, and one completed climate assessment by a leader. Does
 * nothing when the organisation already has an action plan.
 */
export async function loadDemoClimate(
  db: Db,
  orgId: string,
  progress: (message: string) => void = () => {},
): Promise<{ created: boolean; plans: number }> {
  const [existing] = await query<{ id: string }>(
    db,
    sql`select id from action_plans where org_id = ${orgId} limit 1`,
  );
  if (existing) return { created: false, plans: 0 };
  progress('demo: action plans and the climate self-assessment');
  // The largest teams: their pulse figures pass the anonymity guard, so each plan on a construct
  // can show whether the team's score moved by the next pulse.
  const managed = await query<{ team_id: string; manager_id: string; role: Role }>(
    db,
    sql`select team_id, manager_id, role from (
          select distinct on (t.name) t.id as team_id, t.name, tm.employee_id as manager_id, e.role,
            (select count(*) from team_memberships m
              where m.org_id = t.org_id and m.team_id = t.id and m.ended_at is null) as members
          from teams t join team_managers tm on tm.org_id = t.org_id and tm.team_id = t.id
          join employees e on e.org_id = tm.org_id and e.id = tm.employee_id and e.active
          where t.org_id = ${orgId} and t.kind = 'team' order by t.name, tm.employee_id) managed
        order by members desc, name limit 4`,
  );
  const now = Date.now();
  const at = (days: number) => new Date(now + days * DAY_MS);
  const plans: {
    source: { kind: 'construct' | 'theme' | 'metric' | 'statement'; key: string };
    title: string;
    description: string;
    created: number;
    due: number;
    steps: { days: number; body: string; status?: 'in_progress' | 'done' | 'dropped' }[];
  }[] = [
    {
      source: { kind: 'construct', key: 'consequence' },
      title: 'Thank someone for effort in every Monday huddle',
      description: 'You said effort goes unnoticed when the outcome was not perfect.',
      created: -40,
      due: -5,
      steps: [
        {
          days: -33,
          body: 'First huddle: three people thanked for covering the phones.',
          status: 'in_progress',
        },
        { days: -12, body: 'Now a standing item; the team picks who to thank.', status: 'done' },
      ],
    },
    {
      source: { kind: 'theme', key: 'waiting time' },
      title: 'Call back every customer who waited more than two days',
      description: 'Customers keep mentioning the wait for a visit slot.',
      created: -20,
      due: 25,
      steps: [
        {
          days: -10,
          body: 'Daily list of long waits from the scheduling tool; 14 called so far.',
          status: 'in_progress',
        },
      ],
    },
    {
      source: { kind: 'construct', key: 'communication' },
      title: 'Share last week’s customer comments at Friday stand-up',
      description: 'You said you hear what customers say too late.',
      created: -5,
      due: 30,
      steps: [],
    },
    {
      source: { kind: 'metric', key: 'ces' },
      title: 'Remove the second identity check on billing calls',
      description: 'Customer effort on billing calls is the worst of all channels.',
      created: -30,
      due: -3,
      steps: [{ days: -18, body: 'Waiting for sign-off from compliance.' }],
    },
  ];
  let created = 0;
  for (const [index, plan] of plans.entries()) {
    const team = managed[index % Math.max(1, managed.length)];
    if (!team) break;
    const ctx = userCtx(db, orgId, team.manager_id, team.role);
    const view = await createActionPlan(
      ctx,
      {
        teamId: team.team_id,
        source: plan.source,
        title: plan.title,
        description: plan.description,
        dueDate: isoDay(at(plan.due)),
      },
      at(plan.created),
    );
    for (const step of plan.steps)
      await addProgress(
        ctx,
        view.id,
        { body: step.body, ...(step.status ? { status: step.status } : {}) },
        at(step.days),
      );
    created++;
  }
  const [leader] = await query<{ id: string; role: Role }>(
    db,
    sql`select id, role from employees where org_id = ${orgId} and active and role = 'leader' order by name limit 1`,
  );
  if (leader) {
    const ctx = userCtx(db, orgId, leader.id, leader.role);
    const assessment = await createAssessment(ctx, { assessedOn: isoDay(at(-14)) });
    await updateAssessment(ctx, assessment.id, {
      answers: CLIMATE_QUESTIONS.map((q) => {
        const [rating, notes] = DEMO_RATINGS[q.key] ?? [3, ''];
        return { questionKey: q.key, rating, notes };
      }),
      status: 'completed',
    });
  }
  return { created: true, plans: created };
}
