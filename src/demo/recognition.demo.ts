import { and, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query, sql } from '../db/client.ts';
import { employees, teamManagers, teamMemberships } from '../domains/people/people.tables.ts';
import { allowancePeriod } from '../domains/recognition/period.ts';
import { detectPraise } from '../domains/recognition/praise.step.ts';
import {
  awardNominations,
  awardRounds,
  celebrations,
  feedback,
  feedbackReplies,
  kudos,
  kudosAllowances,
  kudosRecipients,
  REACTIONS,
  wallComments,
  wallPublications,
  wallReactions,
} from '../domains/recognition/recognition.tables.ts';
import { pick, seededRandom } from './random.ts';

const DAY_MS = 86_400_000;
const ALLOWANCE = 100;

const SUCCESS = [
  'Got Mrs Okafor’s heating back on before the cold snap, and left the kitchen cleaner than he found it.',
  'Turned an angry billing call into a thank-you: explained the estimate, fixed the direct debit, called back as promised.',
  'First-time fix on a heat pump nobody else could diagnose. The customer asked for you by name next time.',
  'Rebooked twelve visits in an hour when the van broke down, and every customer knew what was happening.',
  'Spotted the duplicate charge before the customer did and refunded it with an apology.',
  'Walked an elderly customer through resetting the thermostat, patiently, twice.',
  'Closed the week with zero overdue callbacks in Complaints & Retention.',
  'Explained the Home Plan renewal so clearly that the customer upgraded instead of cancelling.',
];
const EFFORT = [
  'Stayed late to cover the phones when half the team was out sick.',
  'Drove back across town for a part so the family had hot water that evening.',
  'Spent the afternoon rewriting the boiler FAQ after three confused customers in a row.',
  'Took on the hardest complaint of the month and kept calling until it was resolved.',
  'Learned the new scheduling tool over the weekend and showed the rest of us on Monday.',
  'Kept trying four different suppliers to find the radiator valve the customer needed.',
];
const COMMENTS = [
  'Well deserved!',
  'Legend 👏',
  'This is what we are about.',
  'Thank you for this!',
  'Agreed, brilliant.',
];
const FEEDBACK_PRAISE = [
  'On the call this morning you summarised the fault back to the customer before booking: that is exactly why the engineer arrived with the right part.',
  'Your notes on the visit were clear enough that billing resolved the query without calling you. Keep writing them like that.',
];
const FEEDBACK_IMPROVE = [
  'In yesterday’s call the customer asked twice when the engineer would arrive; give a time window straight away, even if it is wide.',
  'The quote you sent had no breakdown, and the customer called to ask. Use the itemised template next time.',
];

export interface DemoRecognitionResult {
  created: boolean;
  kudos: number;
  praise: number;
  feedback: number;
  celebrations: number;
}

/**
 * Kudos, reactions, comments, customer praise (found in the demo's own comments by the real
 * name matching), celebrations and private feedback, so the service wall looks lived in. Seeded and
 * relative to now; does nothing when the organisation already has kudos.
 */
export async function loadDemoRecognition(
  db: Db,
  orgId: string,
  progress: (message: string) => void = () => {},
): Promise<DemoRecognitionResult> {
  const none = { created: false, kudos: 0, praise: 0, feedback: 0, celebrations: 0 };
  const [existing] = await db.select({ id: kudos.id }).from(kudos).where(eq(kudos.orgId, orgId)).limit(1);
  if (existing) return none;
  const staff = await db
    .select({ id: employees.id, name: employees.name, teamId: teamMemberships.teamId })
    .from(teamMemberships)
    .innerJoin(
      employees,
      and(eq(employees.orgId, teamMemberships.orgId), eq(employees.id, teamMemberships.employeeId)),
    )
    .where(
      and(eq(teamMemberships.orgId, orgId), isNull(teamMemberships.endedAt), eq(employees.active, true)),
    );
  if (staff.length < 4) return none;
  const managers = await db
    .select({ teamId: teamManagers.teamId, employeeId: teamManagers.employeeId })
    .from(teamManagers)
    .where(eq(teamManagers.orgId, orgId));
  const [org] = await query<{ time_zone: string }>(
    db,
    sql`select time_zone from organisations where id = ${orgId}`,
  );
  const timeZone = org?.time_zone ?? 'UTC';
  const random = seededRandom(20260613);
  const now = Date.now();
  progress('demo: kudos, praise, celebrations and feedback');

  return db.transaction(async (tx) => {
    const spent = new Map<string, number>();
    const kudosRows: (typeof kudos.$inferInsert)[] = [];
    const recipientRows: (typeof kudosRecipients.$inferInsert)[] = [];
    const reactionRows: (typeof wallReactions.$inferInsert)[] = [];
    const commentRows: (typeof wallComments.$inferInsert)[] = [];
    const tags = [
      'Went the extra mile',
      'Helped a colleague',
      'Owned the problem',
      'Commitment',
      'Competency',
      'Communication',
    ];
    for (let i = 0; i < 140; i++) {
      const giver = pick(random, staff);
      const teammates = staff.filter((s) => s.teamId === giver.teamId && s.id !== giver.id);
      const recipient =
        teammates.length > 0 && random() < 0.75 ? pick(random, teammates) : pick(random, staff);
      if (recipient.id === giver.id) continue;
      const effort = random() < 0.35;
      const at = new Date(now - Math.floor(random() ** 1.6 * 60 * DAY_MS));
      const key = `${giver.id}:${allowancePeriod(at, timeZone)}`;
      let points = pick(random, [0, 0, 10, 20, 25]);
      if ((spent.get(key) ?? 0) + points > ALLOWANCE) points = 0;
      spent.set(key, (spent.get(key) ?? 0) + points);
      const id = uuidv7();
      kudosRows.push({
        orgId,
        id,
        giverId: giver.id,
        kind: effort ? 'effort' : 'success',
        message: pick(random, effort ? EFFORT : SUCCESS),
        valueTags: [...new Set([pick(random, tags), ...(random() < 0.4 ? [pick(random, tags)] : [])])],
        createdAt: at,
      });
      recipientRows.push({ orgId, kudosId: id, employeeId: recipient.id, points });
      const reactors = new Set(
        Array.from({ length: Math.floor(random() * 7) }, () => pick(random, staff).id),
      );
      for (const employeeId of reactors)
        reactionRows.push({
          orgId,
          storyType: 'kudos',
          storyId: id,
          employeeId,
          reaction: pick(random, REACTIONS),
        });
      if (random() < 0.2)
        commentRows.push({
          orgId,
          id: uuidv7(),
          storyType: 'kudos',
          storyId: id,
          authorId: pick(random, staff).id,
          body: pick(random, COMMENTS),
          createdAt: new Date(at.getTime() + 3_600_000),
        });
    }
    await tx.insert(kudos).values(kudosRows);
    await tx.insert(kudosRecipients).values(recipientRows);
    if (reactionRows.length > 0) await tx.insert(wallReactions).values(reactionRows).onConflictDoNothing();
    if (commentRows.length > 0) await tx.insert(wallComments).values(commentRows);
    const allowances = [...spent].filter(([, n]) => n > 0);
    if (allowances.length > 0)
      await tx.insert(kudosAllowances).values(
        allowances.map(([key, n]) => {
          const [employeeId = '', period = ''] = key.split(':');
          return { orgId, employeeId, period, spent: n };
        }),
      );

    // Customer praise, found by the same roster matching the response pipeline uses.
    const praising = await query<{ id: string }>(
      tx,
      sql`select id from responses where org_id = ${orgId} and comment is not null and submitted_at > now() - interval '90 days'`,
    );
    let praise = 0;
    for (let i = 0; i < praising.length; i += 1000) {
      const ids = praising.slice(i, i + 1000).map((r) => r.id);
      praise += (
        await detectPraise(tx, orgId, ids, { notify: false, change: 'imported', now: new Date(now) })
      ).length;
    }

    // Celebrations: the most praised reached milestones; a few first promoters; recent anniversaries.
    const praised = await query<{ id: string; name: string; n: number; last: Date | string }>(
      tx,
      sql`select e.id, e.name, count(*)::int as n, max(p.praised_at) as last from customer_praise p
          join employees e on e.org_id = p.org_id and e.id = p.employee_id
          where p.org_id = ${orgId} group by e.id, e.name order by n desc limit 8`,
    );
    const celebrationRows: (typeof celebrations.$inferInsert)[] = [];
    for (const p of praised) {
      const milestone = [100, 50, 10].find((m) => p.n >= m);
      if (milestone)
        celebrationRows.push({
          orgId,
          id: uuidv7(),
          kind: 'praise_milestone',
          employeeId: p.id,
          title: `${p.name} has been praised by name by ${milestone} customers`,
          details: { milestone },
          dedupeKey: `praise:${milestone}:${p.id}`,
          occurredAt: new Date(p.last),
        });
    }
    for (const person of staff.slice(0, 40).filter(() => random() < 0.15))
      celebrationRows.push({
        orgId,
        id: uuidv7(),
        kind: 'first_promoter',
        employeeId: person.id,
        title: `${person.name} won their first promoter: a customer who would recommend us`,
        dedupeKey: `first-promoter:${person.id}`,
        occurredAt: new Date(now - Math.floor(random() * 45 * DAY_MS)),
      });
    const anniversaries = await query<{ id: string; name: string; years: number; day: Date | string }>(
      tx,
      sql`select id, name, extract(year from age(current_date, start_date))::int as years,
            (start_date + make_interval(years => extract(year from age(current_date, start_date))::int))::timestamptz as day
          from employees where org_id = ${orgId} and active and start_date is not null
            and start_date < current_date - 365
            and (start_date + make_interval(years => extract(year from age(current_date, start_date))::int))
              > current_date - 30`,
    );
    for (const a of anniversaries)
      celebrationRows.push({
        orgId,
        id: uuidv7(),
        kind: 'work_anniversary',
        employeeId: a.id,
        title: `${a.name} celebrates ${a.years === 1 ? 'one year' : `${a.years} years`} with us`,
        details: { years: a.years },
        dedupeKey: `anniversary:${a.id}:${new Date(a.day).getUTCFullYear()}`,
        occurredAt: new Date(a.day),
      });
    // Customers won back: the demo's cases closed as recovered, credited to their owners.
    const recovered = await query<{
      id: string;
      owner_id: string;
      team_id: string | null;
      name: string;
      at: Date | string;
    }>(
      tx,
      sql`select c.id, c.owner_id, c.team_id, e.name, c.resolved_at as at from cases c
          join employees e on e.org_id = c.org_id and e.id = c.owner_id
          where c.org_id = ${orgId} and c.outcome = 'recovered' and c.resolved_at is not null
          order by c.resolved_at desc limit 6`,
    );
    for (const r of recovered)
      celebrationRows.push({
        orgId,
        id: uuidv7(),
        kind: 'customer_recovered',
        employeeId: r.owner_id,
        teamId: r.team_id,
        title: `${r.name} won back a customer we had let down`,
        details: { caseId: r.id },
        dedupeKey: `recovered:${r.id}`,
        occurredAt: new Date(r.at),
      });

    // Awards: last month's round, decided, and this month's, taking nominations.
    const owner = managers[0]?.employeeId;
    // Staff lists a person once per team: each nominee once, so nobody nominates themselves.
    const nominees = [...new Map(staff.filter((p) => p.id !== owner).map((p) => [p.id, p])).values()].slice(
      0,
      6,
    );
    if (owner && nominees.length >= 3) {
      const past = uuidv7();
      const current = uuidv7();
      await tx.insert(awardRounds).values([
        {
          orgId,
          id: past,
          title: 'Service star',
          period: 'Last month',
          closesAt: new Date(now - 5 * DAY_MS),
          ownerId: owner,
          createdAt: new Date(now - 35 * DAY_MS),
        },
        {
          orgId,
          id: current,
          title: 'Service star',
          period: 'This month',
          closesAt: new Date(now + 10 * DAY_MS),
          ownerId: owner,
          createdAt: new Date(now - 2 * DAY_MS),
        },
      ]);
      const nomination = (roundId: string, i: number, status: 'pending' | 'approved' | 'rejected') => {
        const nominee = nominees[i] as (typeof nominees)[number];
        const nominator = nominees[(i + 1) % nominees.length] as (typeof nominees)[number];
        return {
          orgId,
          id: uuidv7(),
          roundId,
          nomineeId: nominee.id,
          nominatorId: nominator.id,
          reason: pick(random, [...SUCCESS, ...EFFORT]),
          status,
          decidedBy: status === 'pending' ? null : owner,
          decidedAt: status === 'pending' ? null : new Date(now - 4 * DAY_MS),
          createdAt: new Date(now - (status === 'pending' ? 1 : 20) * DAY_MS),
        };
      };
      await tx
        .insert(awardNominations)
        .values([
          nomination(past, 0, 'approved'),
          nomination(past, 1, 'rejected'),
          nomination(current, 2, 'pending'),
          nomination(current, 3, 'pending'),
        ]);
      const winner = nominees[0] as (typeof nominees)[number];
      celebrationRows.push({
        orgId,
        id: uuidv7(),
        kind: 'award_winner',
        employeeId: winner.id,
        title: `${winner.name} won Service star (Last month)`,
        details: { roundId: past },
        dedupeKey: `award:${past}:${winner.id}`,
        occurredAt: new Date(now - 4 * DAY_MS),
      });
    }
    if (celebrationRows.length > 0)
      await tx.insert(celebrations).values(celebrationRows).onConflictDoNothing();

    // A few stories published for the public page (which stays off until a leader turns it on).
    const toPublish = kudosRows.filter((k) => k.teamId == null).slice(-3);
    if (toPublish.length > 0)
      await tx.insert(wallPublications).values(
        toPublish.map((k) => ({
          orgId,
          storyType: 'kudos' as const,
          storyId: k.id,
          publishedBy: owner ?? null,
          publishedAt: new Date(now - DAY_MS),
        })),
      );

    // Private feedback from managers to the people in their teams, some acknowledged and answered.
    const served = new Map(
      (
        await query<{ employee_id: string; id: string; submitted_at: Date | string }>(
          tx,
          sql`select distinct on (re.employee_id) re.employee_id, r.id, r.submitted_at
              from response_employees re join responses r on r.org_id = re.org_id and r.id = re.response_id
              where re.org_id = ${orgId} and r.submitted_at < now() - interval '3 days'
              order by re.employee_id, r.submitted_at desc`,
        )
      ).map((r) => [r.employee_id, { id: r.id, at: new Date(r.submitted_at) }]),
    );
    const feedbackRows: (typeof feedback.$inferInsert)[] = [];
    const replyRows: (typeof feedbackReplies.$inferInsert)[] = [];
    for (const m of managers) {
      const reports = staff.filter((s) => s.teamId === m.teamId && s.id !== m.employeeId);
      for (const report of reports.filter(() => random() < 0.5)) {
        const praiseKind = random() < 0.6;
        // Tied to the last response about the person, when there is one, so immediacy is real.
        const evidence = served.get(report.id);
        const evidenceAt = evidence?.at ?? new Date(now - Math.floor(random() * 40 * DAY_MS));
        const createdAt = new Date(evidenceAt.getTime() + Math.floor((2 + random() * 70) * 3_600_000));
        const id = uuidv7();
        const acknowledged = random() < 0.6;
        feedbackRows.push({
          orgId,
          id,
          giverId: m.employeeId,
          employeeId: report.id,
          kind: praiseKind ? 'praise' : 'to_improve',
          message: pick(random, praiseKind ? FEEDBACK_PRAISE : FEEDBACK_IMPROVE),
          evidenceType: evidence ? 'response' : null,
          evidenceId: evidence?.id ?? null,
          evidenceAt: evidence ? evidenceAt : null,
          createdAt,
          acknowledgedAt: acknowledged ? new Date(createdAt.getTime() + 3 * 3_600_000) : null,
        });
        if (acknowledged && random() < 0.5)
          replyRows.push({
            orgId,
            id: uuidv7(),
            feedbackId: id,
            authorId: report.id,
            body: praiseKind ? 'Thanks, that means a lot.' : 'Understood, I will do that from today.',
            createdAt: new Date(createdAt.getTime() + 4 * 3_600_000),
          });
      }
    }
    if (feedbackRows.length > 0) await tx.insert(feedback).values(feedbackRows);
    if (replyRows.length > 0) await tx.insert(feedbackReplies).values(replyRows);
    return {
      created: true,
      kudos: kudosRows.length,
      praise,
      feedback: feedbackRows.length,
      celebrations: celebrationRows.length,
    };
  });
}
