import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query, sql } from '../db/client.ts';
import { insertAssignments } from '../domains/training/assignments.service.ts';
import type { Quiz } from '../domains/training/quiz.ts';
import { runTrainingRules } from '../domains/training/rules.service.ts';
import {
  trainingModules,
  trainingPathModules,
  trainingPaths,
  trainingRules,
} from '../domains/training/training.tables.ts';
import { seededRandom } from './random.ts';

const DAY_MS = 86_400_000;

interface DemoModule {
  key: string;
  title: string;
  kind: 'competency' | 'commitment';
  summary: string;
  body: string;
  minutes: number;
  tags: string[];
  links?: { label: string; url: string }[];
  quiz?: Quiz;
}

const MODULES: DemoModule[] = [
  {
    key: 'welcome',
    title: 'Welcome to Lakeside: how we serve',
    kind: 'commitment',
    summary: 'Why customers stay with us, and what that asks of each of us.',
    body: `# Why we are here
Families call us when the heating is off, the water is cold or the bill makes no sense. What they remember is not the part we fitted but how we made them feel while we fitted it.

# What we ask of everyone
- Own the problem until it is solved, even when it is not "your" department.
- Tell the customer what happens next, and when.
- Celebrate the little things: a colleague who stayed late is worth a kudos.

Everyone can create or lose a customer. That includes you, from day one.`,
    minutes: 10,
    tags: ['values', 'onboarding'],
  },
  {
    key: 'promise',
    title: 'Our customer promise and this year’s priorities',
    kind: 'commitment',
    summary: 'The customers we serve, the ones we do not, and the three priorities for this year.',
    body: `We serve homeowners and landlords who want a reliable home, not the cheapest visit. We do not compete on price with one-off bargain installers.

# This year's priorities
- First-time fix on every visit we can.
- Call back every unhappy customer within one working day.
- Clear, honest communication: no customer should wonder what happens next.`,
    minutes: 8,
    tags: ['strategy', 'onboarding'],
    quiz: {
      passMark: 1,
      questions: [
        {
          id: 'not-served',
          prompt: 'Which customers do we choose not to compete for?',
          kind: 'single',
          options: [
            'Landlords with many properties',
            'Bargain hunters who want the lowest price',
            'Families',
          ],
          correct: [1],
        },
        {
          id: 'callback',
          prompt: 'How soon do we call back an unhappy customer?',
          kind: 'single',
          options: ['Within one working day', 'Within a week', 'Only if they call again'],
          correct: [0],
        },
      ],
    },
  },
  {
    key: 'clarity',
    title: 'Communication and clarity',
    kind: 'competency',
    summary: 'Say what happens next, in plain words, with a time. The skill behind most complaints we get.',
    body: `Most of our unhappy comments are not about the repair: they are about silence. "Nobody told me", "unclear", "no update".

# Three habits
- End every contact with what happens next and when ("the engineer will call between 2 and 4 today").
- Use plain words, never internal codes ("your job is in WIP-3" means nothing to a customer).
- If a promise slips, call before the customer has to chase you.

Practise on your next five calls: write down the "what next" sentence before you hang up.`,
    minutes: 15,
    tags: ['communication'],
    links: [{ label: 'Call wrap-up checklist', url: 'https://intranet.lakeside.example/wrap-up' }],
    quiz: {
      passMark: 0.75,
      questions: [
        {
          id: 'end',
          prompt: 'What should every customer contact end with?',
          kind: 'single',
          options: ['A survey link', 'What happens next, and when', 'The case number only'],
          correct: [1],
        },
        {
          id: 'plain',
          prompt: 'Which of these make an update clear?',
          kind: 'multiple',
          options: ['A time window', 'Internal job codes', 'Plain words', 'A reference they can quote'],
          correct: [0, 2, 3],
        },
        {
          id: 'slip',
          prompt: 'A promised visit will be late. What do you do?',
          kind: 'single',
          options: [
            'Wait for the customer to call',
            'Call the customer first, with a new time',
            'Email the team lead',
          ],
          correct: [1],
        },
        {
          id: 'why',
          prompt: 'What are most of our unhappy comments about?',
          kind: 'single',
          options: ['The price', 'The repair itself', 'Not being told what is happening'],
          correct: [2],
        },
      ],
    },
  },
  {
    key: 'recovery',
    title: 'Turning around an unhappy customer',
    kind: 'competency',
    summary: 'Listen, own, fix, follow up: the four steps of service recovery, and your goodwill limits.',
    body: `An unhappy customer who is looked after well often becomes more loyal than one who never had a problem.

- Listen without defending: let the customer finish.
- Own it: "I will sort this out" — even when another team caused it.
- Fix it on the spot where you can: your goodwill limit is on your profile.
- Follow up: call back when you said you would, and check it stayed fixed.`,
    minutes: 20,
    tags: ['complaints', 'ownership'],
    quiz: {
      passMark: 0.5,
      questions: [
        {
          id: 'order',
          prompt: 'What comes first with an unhappy customer?',
          kind: 'single',
          options: ['Explain our policy', 'Listen without defending', 'Offer a refund'],
          correct: [1],
        },
        {
          id: 'own',
          prompt: 'Another team caused the problem. What do you say?',
          kind: 'single',
          options: ['"That was not us"', '"I will sort this out for you"', '"Please call billing"'],
          correct: [1],
        },
      ],
    },
  },
  {
    key: 'systems',
    title: 'Booking and billing basics',
    kind: 'competency',
    summary: 'Product knowledge: how a booking, a Home Plan and a bill fit together.',
    body: `Every visit starts as a booking, belongs to a customer and, for Home Plan members, is covered by their plan.

# What customers ask most
- "Why was I charged for a covered visit?" — check whether the part was excluded.
- "Can I move my visit?" — yes, up to 24 hours before without a fee.
- "When is my renewal?" — on the plan page, with the price for next year.`,
    minutes: 25,
    tags: ['product', 'onboarding'],
  },
  {
    key: 'story',
    title: 'Customer story: the Okafor heating rescue',
    kind: 'commitment',
    summary:
      'How one engineer, one call handler and one billing specialist kept a family warm over a cold weekend.',
    body: `On a Friday evening in January, Mrs Okafor's boiler failed with three small children at home.

Our call handler stayed on the line, found an engineer finishing a job nearby and told Mrs Okafor he would be there by eight. He was there at a quarter to.

The part was out of stock, so he lent the family two heaters from his van and came back on Saturday morning. Billing waived the weekend call-out without being asked.

Mrs Okafor has since recommended us to eleven neighbours. That is what a service culture looks like.`,
    minutes: 5,
    tags: ['customer stories', 'values'],
  },
];

export interface DemoTrainingResult {
  created: boolean;
  modules: number;
  assignments: number;
  completed: number;
}

/**
 * A small catalogue (six modules, an onboarding path), the two kinds of rule, and assignments in
 * progress and completed, relative to now and seeded. Does nothing when the organisation already
 * has training modules.
 */
export async function loadDemoTraining(
  db: Db,
  orgId: string,
  progress: (message: string) => void = () => {},
): Promise<DemoTrainingResult> {
  const none = { created: false, modules: 0, assignments: 0, completed: 0 };
  const [existing] = await db
    .select({ id: trainingModules.id })
    .from(trainingModules)
    .where(eq(trainingModules.orgId, orgId))
    .limit(1);
  if (existing) return none;
  const staff = await query<{ id: string; team: string }>(
    db,
    sql`select e.id, t.name as team from employees e
        join team_memberships m on m.org_id = e.org_id and m.employee_id = e.id and m.ended_at is null
        join teams t on t.org_id = m.org_id and t.id = m.team_id
        where e.org_id = ${orgId} and e.active order by e.id`,
  );
  if (staff.length < 4) return none;
  progress('demo: training catalogue, rules and assignments');
  const random = seededRandom(20261123);
  const now = Date.now();
  const ids = new Map(MODULES.map((m) => [m.key, uuidv7()]));
  const id = (key: string) => ids.get(key) ?? '';

  return db.transaction(async (tx) => {
    await tx.insert(trainingModules).values(
      MODULES.map((m) => ({
        orgId,
        id: id(m.key),
        title: m.title,
        kind: m.kind,
        summary: m.summary,
        body: m.body,
        links: m.links ?? [],
        quiz: m.quiz ?? null,
        estimatedMinutes: m.minutes,
        tags: m.tags,
        createdAt: new Date(now - 90 * DAY_MS),
        updatedAt: new Date(now - 90 * DAY_MS),
      })),
    );
    const onboarding = uuidv7();
    await tx.insert(trainingPaths).values({
      orgId,
      id: onboarding,
      name: 'Onboarding',
      description: 'The first two weeks: why we serve, what we promise, and the systems you will use.',
    });
    await tx.insert(trainingPathModules).values(
      ['welcome', 'promise', 'systems'].map((key, position) => ({
        orgId,
        pathId: onboarding,
        moduleId: id(key),
        position,
      })),
    );
    await tx.insert(trainingRules).values([
      {
        orgId,
        id: uuidv7(),
        name: 'Clarity complaints → Communication and clarity',
        kind: 'theme',
        theme: 'communication',
        minShare: 0.15,
        minCount: 3,
        windowDays: 30,
        dueInDays: 14,
        moduleId: id('clarity'),
      },
      {
        orgId,
        id: uuidv7(),
        name: 'New starters → Onboarding',
        kind: 'new_employee',
        windowDays: 30,
        dueInDays: 21,
        pathId: onboarding,
      },
    ]);

    // Everyone had the promise module 45 days ago (most have done it); Complaints & Retention had
    // the recovery module three weeks ago, due last week (some overdue).
    const everyone = [...new Set(staff.map((s) => s.id))];
    const promise = await insertAssignments(tx, orgId, {
      employeeIds: everyone,
      moduleIds: [id('promise')],
      source: 'role',
      dueDate: new Date(now - 31 * DAY_MS).toISOString().slice(0, 10),
      at: new Date(now - 45 * DAY_MS),
      silent: true,
    });
    const complaintsTeam = staff.filter((s) => s.team === 'Complaints & Retention').map((s) => s.id);
    const recovery = await insertAssignments(tx, orgId, {
      employeeIds: complaintsTeam.length ? complaintsTeam : everyone.slice(0, 6),
      moduleIds: [id('recovery')],
      source: 'team',
      dueDate: new Date(now - 7 * DAY_MS).toISOString().slice(0, 10),
      at: new Date(now - 21 * DAY_MS),
      silent: true,
    });
    let completed = 0;
    const complete = async (assignmentId: string, daysAgo: number, score: number | null) => {
      const at = new Date(now - daysAgo * DAY_MS).toISOString();
      await tx.execute(sql`update training_assignments set completed_at = ${at}::timestamptz, started_at = ${at}::timestamptz,
          quiz_attempts = ${score === null ? 0 : score < 1 ? 2 : 1}, last_score = ${score}, best_score = ${score}
          where org_id = ${orgId} and id = ${assignmentId}`);
      completed++;
    };
    for (const a of promise) if (random() < 0.8) await complete(a.id, 30 + Math.floor(random() * 14), 1);
    for (const a of recovery)
      if (random() < 0.6) await complete(a.id, 8 + Math.floor(random() * 10), random() < 0.5 ? 1 : 0.5);
    // The rules run once now, as the daily job would: the clarity module goes to any team whose
    // comments show the theme, onboarding to anyone who started in the last month.
    const byRules = await runTrainingRules(tx, orgId, new Date(now), { silent: true });
    return {
      created: true,
      modules: MODULES.length,
      assignments: promise.length + recovery.length + byRules.assigned,
      completed,
    };
  });
}
