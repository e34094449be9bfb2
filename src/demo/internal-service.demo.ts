import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/client.ts';
import {
  internalServiceComments,
  internalServiceParticipation,
  internalServiceRatings,
  internalServiceRounds,
} from '../domains/culture/internal-service.tables.ts';
import { employees, teamMemberships, teams } from '../domains/people/people.tables.ts';
import { pick, seededRandom } from './random.ts';

const DAY_MS = 86_400_000;

/**
 * How likely someone in each department is to use each provider's service, and how good that
 * service feels to them (a base on 1–5). Billing & Accounts barely uses the field teams and is
 * small, so its cells stay hidden, and one of them hides a large department's cell too.
 */
const PROVIDERS: Record<string, Record<string, { use: number; quality: number }>> = {
  'Billing Support': {
    'Customer Care': { use: 0.8, quality: 3.1 },
    'Field Services': { use: 0.6, quality: 3.8 },
  },
  Installations: {
    'Customer Care': { use: 0.6, quality: 2.7 },
    'Field Services': { use: 0.5, quality: 4.1 },
    'Billing & Accounts': { use: 0.3, quality: 3.3 },
  },
  'Tier 2 Specialists': {
    'Customer Care': { use: 0.5, quality: 4.2 },
    'Field Services': { use: 0.6, quality: 3.6 },
    'Billing & Accounts': { use: 0.7, quality: 3.9 },
  },
};

const COMMENTS = [
  'Quick to pick up the phone when a customer is waiting.',
  'We often chase them twice before anything happens.',
  'Clear notes on every job, which makes our callbacks easy.',
  'They understand why we escalate and never make us feel silly.',
  'The handover forms are hard to read and miss the customer’s history.',
  'Always friendly, sometimes slow.',
];

/**
 * One internal-service round, open for a few more days (the demo admin has not answered it, so
 * the form can be tried), answered by most of the organisation: anonymous like real answers.
 * Does nothing when the organisation already has a round.
 */
export async function loadDemoInternalService(
  db: Db,
  orgId: string,
  progress: (message: string) => void = () => {},
): Promise<{ created: boolean; ratings: number }> {
  const [existing] = await db
    .select({ id: internalServiceRounds.id })
    .from(internalServiceRounds)
    .where(eq(internalServiceRounds.orgId, orgId))
    .limit(1);
  if (existing) return { created: false, ratings: 0 };
  progress('demo: internal-service round');
  const teamRows = await db
    .select({ id: teams.id, name: teams.name, parentId: teams.parentId })
    .from(teams)
    .where(eq(teams.orgId, orgId));
  const byId = new Map(teamRows.map((t) => [t.id, t]));
  const departmentOf = (teamId: string) => {
    let team = byId.get(teamId);
    while (team?.parentId && byId.has(team.parentId)) team = byId.get(team.parentId);
    return team?.name ?? '';
  };
  const ancestry = (teamId: string) => {
    const out = new Set<string>();
    for (let t = byId.get(teamId); t && !out.has(t.id); t = t.parentId ? byId.get(t.parentId) : undefined)
      out.add(t.id);
    return out;
  };
  const providers = teamRows.filter((t) => t.name in PROVIDERS);
  if (providers.length === 0) return { created: false, ratings: 0 };
  const staff = await db
    .select({ id: employees.id, role: employees.role, teamId: teamMemberships.teamId })
    .from(teamMemberships)
    .innerJoin(
      employees,
      and(eq(employees.orgId, teamMemberships.orgId), eq(employees.id, teamMemberships.employeeId)),
    )
    .where(
      and(eq(teamMemberships.orgId, orgId), isNull(teamMemberships.endedAt), eq(employees.active, true)),
    );
  const seen = new Set<string>();
  const people = staff.filter((p) => !seen.has(p.id) && seen.add(p.id));

  const random = seededRandom(20261207);
  const now = Date.now();
  const roundId = uuidv7();
  const participation: (typeof internalServiceParticipation.$inferInsert)[] = [];
  const ratings: (typeof internalServiceRatings.$inferInsert)[] = [];
  const comments: (typeof internalServiceComments.$inferInsert)[] = [];
  const score = (base: number) => Math.max(1, Math.min(5, Math.round(base + (random() - 0.5) * 2)));
  for (const person of people) {
    if (person.role === 'admin') continue;
    const own = ancestry(person.teamId);
    const department = departmentOf(person.teamId);
    const mine = providers.filter((p) => {
      const use = PROVIDERS[p.name]?.[department]?.use ?? 0;
      return !own.has(p.id) && random() < use;
    });
    if (mine.length === 0) continue;
    participation.push({ orgId, roundId, employeeId: person.id });
    for (const provider of mine) {
      const quality = PROVIDERS[provider.name]?.[department]?.quality ?? 3;
      const nps = Math.max(0, Math.min(10, Math.round(quality * 2 + 1 + (random() - 0.5) * 4)));
      ratings.push({
        orgId,
        id: randomUUID(),
        roundId,
        raterTeamId: person.teamId,
        providerTeamId: provider.id,
        nps,
        reliability: score(quality),
        assurance: score(quality + 0.3),
        tangibles: score(quality - 0.2),
        empathy: score(quality + 0.1),
        responsiveness: score(quality - 0.4),
      });
      if (random() < 0.3)
        comments.push({
          orgId,
          id: randomUUID(),
          roundId,
          raterTeamId: person.teamId,
          providerTeamId: provider.id,
          body: pick(random, COMMENTS),
        });
    }
  }
  // Stored in random-id order, so not even row order pairs a rating with its participation.
  const byRandomId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  ratings.sort(byRandomId);
  comments.sort(byRandomId);
  await db.transaction(async (tx) => {
    await tx.insert(internalServiceRounds).values({
      orgId,
      id: roundId,
      title: 'Internal service survey',
      opensAt: new Date(now - 12 * DAY_MS),
      closesAt: new Date(now + 5 * DAY_MS),
      providerTeamIds: providers.map((p) => p.id),
    });
    await tx.insert(internalServiceParticipation).values(participation);
    await tx.insert(internalServiceRatings).values(ratings);
    if (comments.length > 0) await tx.insert(internalServiceComments).values(comments);
  });
  return { created: true, ratings: ratings.length };
}
