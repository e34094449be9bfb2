import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/client.ts';
import { ensureStatementBank } from '../domains/culture/bank.service.ts';
import { CONSTRUCTS, type Construct } from '../domains/culture/constructs.ts';
import {
  cultureAnswerScores,
  cultureAnswers,
  cultureComments,
  cultureParticipation,
  culturePulseStatements,
  culturePulses,
  cultureStatements,
} from '../domains/culture/pulse.tables.ts';
import { tenureBand } from '../domains/culture/pulses.service.ts';
import { employees, teamMemberships } from '../domains/people/people.tables.ts';
import { pick, seededRandom } from './random.ts';

const DAY_MS = 86_400_000;
const PULSES = 6;

const COMMENTS = [
  'We hear about customer complaints weeks later, if at all. Faster feedback would help.',
  'My manager always notices when someone goes the extra mile. It makes a difference.',
  'The new scheduling tool keeps crashing and customers wait on hold while we restart it.',
  'More training on heat pumps please, customers ask and we do not know the answers.',
  'I am not sure which customers we are supposed to prioritise when the diary is full.',
  'Leaders came out on visits this month, good to see them with customers.',
  'Effort gets recognised here, even when the outcome was not perfect.',
  'I would like to be allowed to refund small amounts without waiting for approval.',
  'Communication between the office and the field team has improved a lot.',
  'Targets feel like they are about cost, not about customers.',
];

/**
 * Six monthly pulses (the last still open) with team differences and a gentle upward trend, so the
 * heatmap and trend are alive. Answers are inserted set-wise, anonymous like real ones: random ids,
 * the team at the time, coarse attributes, and participation kept apart. Does nothing when the
 * organisation already has a pulse.
 */
export async function loadDemoCulture(
  db: Db,
  orgId: string,
  progress: (message: string) => void = () => {},
): Promise<{ created: boolean; pulses: number; answers: number }> {
  const [existing] = await db
    .select({ id: culturePulses.id })
    .from(culturePulses)
    .where(eq(culturePulses.orgId, orgId))
    .limit(1);
  if (existing) return { created: false, pulses: 0, answers: 0 };
  progress('demo: culture pulses');
  await ensureStatementBank(db, orgId);
  const bank = await db
    .select()
    .from(cultureStatements)
    .where(and(eq(cultureStatements.orgId, orgId), isNull(cultureStatements.retiredAt)));
  bank.sort(
    (a, b) => CONSTRUCTS.indexOf(a.construct) - CONSTRUCTS.indexOf(b.construct) || a.position - b.position,
  );
  const staff = await db
    .select({
      id: employees.id,
      role: employees.role,
      startDate: employees.startDate,
      teamId: teamMemberships.teamId,
    })
    .from(teamMemberships)
    .innerJoin(
      employees,
      and(eq(employees.orgId, teamMemberships.orgId), eq(employees.id, teamMemberships.employeeId)),
    )
    .where(
      and(eq(teamMemberships.orgId, orgId), isNull(teamMemberships.endedAt), eq(employees.active, true)),
    );
  // One row per person (someone in two teams answers once, from the first).
  const seen = new Set<string>();
  const people = staff.filter((p) => !seen.has(p.id) && seen.add(p.id));
  const random = seededRandom(20260801);
  // Each team leans on some constructs: a base level per team and construct.
  const lean = new Map<string, number>();
  const leanOf = (teamId: string, c: Construct) => {
    const key = `${teamId}:${c}`;
    if (!lean.has(key)) lean.set(key, (random() - 0.5) * 1.6);
    return lean.get(key) as number;
  };
  const now = Date.now();
  const thisMonth = new Date(now);
  thisMonth.setUTCDate(1);
  thisMonth.setUTCHours(8, 0, 0, 0);

  const pulseRows: (typeof culturePulses.$inferInsert)[] = [];
  const statementRows: (typeof culturePulseStatements.$inferInsert)[] = [];
  const participation: (typeof cultureParticipation.$inferInsert)[] = [];
  const answers: (typeof cultureAnswers.$inferInsert)[] = [];
  const scores: (typeof cultureAnswerScores.$inferInsert)[] = [];
  const comments: (typeof cultureComments.$inferInsert)[] = [];
  let previous: string | null = null;
  for (let k = 0; k < PULSES; k++) {
    const opensAt = new Date(thisMonth);
    opensAt.setUTCMonth(opensAt.getUTCMonth() - (PULSES - 1 - k));
    const last = k === PULSES - 1;
    const closesAt = last ? new Date(now + 10 * DAY_MS) : new Date(opensAt.getTime() + 14 * DAY_MS);
    const id = uuidv7();
    pulseRows.push({
      orgId,
      id,
      title: `${opensAt.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} culture pulse`,
      opensAt,
      closesAt,
      constructs: [...CONSTRUCTS],
      recurrence: 'none',
      previousPulseId: previous,
      closedAt: last ? null : closesAt,
    });
    previous = id;
    for (const [position, s] of bank.entries())
      statementRows.push({
        orgId,
        pulseId: id,
        statementId: s.id,
        construct: s.construct,
        text: s.text,
        position,
      });
    const trend = k * 0.08;
    // The open pulse is about half answered; the demo admin leaves it for you to try.
    const rate = last ? 0.5 : 0.7 + random() * 0.2;
    for (const person of people) {
      if (random() > rate || (last && person.role === 'admin')) continue;
      participation.push({ orgId, pulseId: id, employeeId: person.id });
      const answerId = randomUUID();
      const mood = (random() - 0.5) * 1.2;
      let total = 0;
      for (const s of bank) {
        const level = 3.4 + trend + mood + leanOf(person.teamId, s.construct) + (random() - 0.5) * 1.5;
        const score = Math.max(1, Math.min(5, Math.round(level)));
        total += score;
        scores.push({ orgId, answerId, statementId: s.id, construct: s.construct, score });
      }
      const average = total / bank.length;
      answers.push({
        orgId,
        id: answerId,
        pulseId: id,
        teamId: person.teamId,
        role: person.role,
        tenureBand: tenureBand(person.startDate, opensAt),
        enps: Math.max(0, Math.min(10, Math.round((average - 1) * 2.5 + (random() - 0.5) * 3))),
      });
      if (random() < 0.35)
        comments.push({
          orgId,
          id: randomUUID(),
          pulseId: id,
          teamId: person.teamId,
          body: pick(random, COMMENTS),
        });
    }
  }
  // Stored in random-id order, so not even row order pairs an answer with its participation.
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  answers.sort(byId);
  comments.sort(byId);
  await db.transaction(async (tx) => {
    await tx.insert(culturePulses).values(pulseRows);
    await tx.insert(culturePulseStatements).values(statementRows);
    const chunk = 2000;
    for (const [table, rows] of [
      [cultureParticipation, participation],
      [cultureAnswers, answers],
      [cultureAnswerScores, scores],
      [cultureComments, comments],
    ] as const)
      for (let i = 0; i < rows.length; i += chunk)
        await tx.insert(table).values(rows.slice(i, i + chunk) as never[]);
  });
  return { created: true, pulses: PULSES, answers: answers.length };
}
