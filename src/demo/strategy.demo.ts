import { and, asc, eq } from 'drizzle-orm';
import { type Db, query, sql } from '../db/client.ts';
import { createTarget } from '../domains/analytics/targets.service.ts';
import type { Ctx } from '../domains/auth/context.ts';
import { employees } from '../domains/people/people.tables.ts';
import { kudos } from '../domains/recognition/recognition.tables.ts';
import {
  acknowledge,
  answerQuiz,
  createAnnouncementIn,
  markSeen,
} from '../domains/strategy/announcements.service.ts';
import type { SaveDraftInput, StrategyContent } from '../domains/strategy/strategy.api.ts';
import { publishStrategy, saveDraft } from '../domains/strategy/strategy.service.ts';
import { strategyAcknowledgements, strategyVersions } from '../domains/strategy/strategy.tables.ts';
import { seededRandom } from './random.ts';

const DAY_MS = 86_400_000;

const NOT_SERVED = ['Landlords wanting the cheapest call-out', 'Commercial estates over 50 sites'];
const SERVED = [
  'Homeowners on a Home Plan',
  'Families with young children or older relatives',
  'Small landlords',
];

const FIRST: SaveDraftInput = {
  vision:
    'Every household we serve has heating and hot water they can count on, and a person at Lakeside who knows them.\nWe win on being the company that turns up, fixes it first time and calls back when we said we would.',
  customersServed: SERVED,
  customersNotServed: NOT_SERVED,
  tradeOffs: [
    {
      left: 'Quality',
      right: 'Cost',
      position: -55,
      sentence: 'We fix it properly once rather than cheaply twice.',
    },
    {
      left: 'Consistency',
      right: 'Personalisation',
      position: 25,
      sentence: 'The same standards everywhere, delivered by someone who knows your home.',
    },
    {
      left: 'Speed',
      right: 'Thoroughness',
      position: 10,
      sentence: 'Fast to respond, never rushed on site.',
    },
  ],
  priorities: [
    {
      id: 'first-time-fix',
      title: 'Fix it on the first visit',
      description: 'Arrive with the right part and the history.',
    },
    {
      id: 'call-back',
      title: 'Call back when we said we would',
      description: 'No customer chases us twice.',
    },
    { id: 'recognise', title: 'Recognise great service every week', description: '' },
  ],
  targets: [],
};

/**
 * A living strategy for the demo: three published versions (the second a priority change, the
 * third announced to everyone with a quiz), and an announcement featuring a story from the wall to
 * two departments, with acknowledgements that differ by team and some still outstanding. Does
 * nothing when the organisation already has a published strategy.
 */
export async function loadDemoStrategy(
  db: Db,
  orgId: string,
  progress: (message: string) => void = () => {},
): Promise<{ created: boolean; versions: number; acknowledgements: number }> {
  const [existing] = await db
    .select({ id: strategyVersions.id })
    .from(strategyVersions)
    .where(eq(strategyVersions.orgId, orgId))
    .limit(1);
  if (existing) return { created: false, versions: 0, acknowledgements: 0 };
  const [leader] = await db
    .select({ id: employees.id })
    .from(employees)
    .where(and(eq(employees.orgId, orgId), eq(employees.role, 'leader')))
    .orderBy(asc(employees.name))
    .limit(1);
  if (!leader) return { created: false, versions: 0, acknowledgements: 0 };
  progress('demo: strategy versions and announcements');
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * DAY_MS);
  const ctx: Ctx = {
    db,
    orgId,
    actor: { type: 'user', employeeId: leader.id, role: 'leader', sessionId: 'demo' },
  };
  const system: Ctx = { db, orgId, actor: { type: 'system' } };

  const nps = await createTarget(system, {
    name: 'Loyal customers',
    metric: 'nps',
    scope: 'org',
    comparator: '>=',
    value: 45,
    dueDate: new Date(now + 240 * DAY_MS).toISOString().slice(0, 10),
  });
  const ces = await createTarget(system, {
    name: 'Easy to deal with',
    metric: 'ces',
    scope: 'org',
    comparator: '<=',
    value: 2.5,
    dueDate: new Date(now + 180 * DAY_MS).toISOString().slice(0, 10),
  });

  await saveDraft(ctx, FIRST);
  await publishStrategy(ctx, { note: 'Our first written strategy.' }, ago(120));

  const second: SaveDraftInput = {
    ...FIRST,
    priorities: [
      {
        id: 'recover',
        title: 'Call back every unhappy customer within a day',
        description: 'A detractor is a customer we can still keep.',
      },
      ...FIRST.priorities.filter((p) => p.id !== 'call-back'),
    ],
    targets: [
      { targetId: nps.id, ownerId: leader.id, note: 'Reviewed at the monthly leadership meeting.' },
      { targetId: ces.id, ownerId: null, note: '' },
    ],
  };
  await saveDraft(ctx, second);
  await publishStrategy(
    ctx,
    {
      note: 'Recovering unhappy customers is now our first priority.',
      announce: { kind: 'priority', body: '', requireAcknowledgement: false },
    },
    ago(45),
  );

  const third: StrategyContent = {
    ...(second as StrategyContent),
    vision: FIRST.vision.replace(
      'a person at Lakeside who knows them',
      'a person at Lakeside who knows them by name',
    ),
    tradeOffs: (FIRST.tradeOffs ?? []).map((t) => (t.left === 'Quality' ? { ...t, position: -70 } : t)),
    customersServed: [...SERVED, 'Housing associations'],
  };
  await saveDraft(ctx, third);
  const published = await publishStrategy(
    ctx,
    {
      note: 'We now serve housing associations; quality weighs more against cost.',
      announce: {
        kind: 'strategy',
        body: 'Please read what changed and confirm you have understood it. Two questions, a minute.',
        requireAcknowledgement: true,
        quiz: {
          passMark: 1,
          questions: [
            {
              id: 'not-served',
              prompt: 'Which customers do we not serve?',
              kind: 'multiple',
              options: [...NOT_SERVED, SERVED[0] ?? '', 'Housing associations'],
              correct: [0, 1],
            },
            {
              id: 'first-priority',
              prompt: 'What is our first priority?',
              kind: 'single',
              options: [
                'Call back every unhappy customer within a day',
                'Fix it on the first visit',
                'Lowest price',
              ],
              correct: [0],
            },
          ],
        },
      },
    },
    ago(10),
  );

  const [story] = await db
    .select({ id: kudos.id })
    .from(kudos)
    .where(and(eq(kudos.orgId, orgId), eq(kudos.kind, 'success')))
    .orderBy(asc(kudos.createdAt))
    .limit(1);
  const featured = await db.transaction((tx) =>
    createAnnouncementIn(
      { ...ctx, db: tx },
      {
        kind: 'announcement',
        title: 'This is what "fix it first time" looks like',
        body: 'A story from the service wall that shows our first-time-fix priority at its best.',
        storyId: story?.id ?? null,
        requireAcknowledgement: true,
      },
      ago(4),
    ),
  );

  // Acknowledgements differ by team: some teams nearly all there, others with many still to go.
  const random = seededRandom(20261124);
  let acknowledgements = 0;
  for (const announcement of [published.announcement, featured]) {
    if (!announcement) continue;
    const asked = await db
      .select({ employeeId: strategyAcknowledgements.employeeId, teamId: strategyAcknowledgements.teamId })
      .from(strategyAcknowledgements)
      .where(
        and(
          eq(strategyAcknowledgements.orgId, orgId),
          eq(strategyAcknowledgements.announcementId, announcement.id),
        ),
      );
    const teamRate = new Map<string | null, number>();
    for (const person of asked) {
      if (!teamRate.has(person.teamId)) teamRate.set(person.teamId, 0.35 + random() * 0.6);
      const rate = teamRate.get(person.teamId) ?? 0.5;
      const roll = random();
      const at = new Date(new Date(announcement.publishedAt).getTime() + random() * 3 * DAY_MS);
      const reader: Ctx = {
        db,
        orgId,
        actor: { type: 'user', employeeId: person.employeeId, role: 'employee', sessionId: 'demo' },
      };
      if (roll < rate) {
        if (announcement.quiz && random() < 0.8)
          await answerQuiz(
            reader,
            announcement.id,
            { 'not-served': random() < 0.7 ? [0, 1] : [0], 'first-priority': random() < 0.85 ? [0] : [1] },
            at,
          );
        await acknowledge(reader, announcement.id, at);
        acknowledgements++;
      } else if (roll < rate + 0.15) await markSeen(reader, announcement.id, at);
    }
  }
  // History needs no emails: the "please acknowledge" notifications stay in the app, their emails go
  // (as the cases demo does for its own).
  await query(
    db,
    sql`delete from jobs where org_id = ${orgId} and done_at is null and queue = 'notification-email'
        and (payload->>'notificationId')::uuid in (
          select id from notifications where org_id = ${orgId} and kind = 'strategy_ask')`,
  );
  return { created: true, versions: 3, acknowledgements };
}
