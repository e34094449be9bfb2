import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/client.ts';
import { rebuildRollups } from '../domains/analytics/rollups.ts';
import { randomToken } from '../domains/auth/secrets.ts';
import {
  type Channel,
  customers,
  interactionEmployees,
  interactions,
} from '../domains/customers/customers.tables.ts';
import { employees, teamMemberships, teams } from '../domains/people/people.tables.ts';
import { enqueueResponsePipeline } from '../domains/responses/response-pipeline.ts';
import { AMEND_HOURS } from '../domains/responses/responses.service.ts';
import { responseEmployees, responses } from '../domains/responses/responses.tables.ts';
import { surveyTemplate } from '../domains/surveys/survey-templates.ts';
import { invitations, surveys } from '../domains/surveys/surveys.tables.ts';
import { pick, seededRandom } from './random.ts';
import { type CommentLocale, type Mood, type Setting, type Theme, writeComment } from './voice.comments.ts';

const CUSTOMERS = 2_000;
const INTERACTIONS = 20_000;
const DAYS = 182;
const BATCH = 1_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

type ScoredKind = 'nps' | 'csat' | 'ces';

const SURVEYS: { kind: ScoredKind; name: string }[] = [
  { kind: 'nps', name: 'After your visit or call' },
  { kind: 'csat', name: 'Chat & email satisfaction' },
  { kind: 'ces', name: 'Billing help' },
];

interface TeamVoice {
  /** Share of all interactions. */
  share: number;
  setting: Setting;
  channels: readonly [Channel, number][];
  survey: ScoredKind;
  /** How much better (or worse) than the organisation this team is, in NPS points. */
  effect: number;
  themes: Partial<Record<Theme, number>>;
  topics: readonly string[];
}

const FIELD_TOPICS = [
  'annual service',
  'boiler repair',
  'heat pump repair',
  'no heating',
  'no hot water',
  'radiator leak',
];
const PHONE_TOPICS = ['booking', 'repair request', 'fault diagnosis', 'plan question', 'appointment change'];

// The patterns the demo should show: South Region and Tier 2 clearly better, Tier 1, Chat & Email
// and Billing Support worse; each team complains about the things that go wrong there.
const TEAM_VOICE: Record<string, TeamVoice> = {
  'Phone Support': {
    share: 0.08,
    setting: 'phone',
    channels: [['phone', 1]],
    survey: 'nps',
    effect: -2,
    themes: { waiting: 4, passed_around: 3, callback: 2, billing: 1 },
    topics: PHONE_TOPICS,
  },
  'Tier 1': {
    share: 0.24,
    setting: 'phone',
    channels: [['phone', 1]],
    survey: 'nps',
    effect: -8,
    themes: { waiting: 5, passed_around: 4, callback: 2, billing: 1 },
    topics: PHONE_TOPICS,
  },
  'Tier 2 Specialists': {
    share: 0.08,
    setting: 'phone',
    channels: [['phone', 1]],
    survey: 'nps',
    effect: 20,
    themes: { waiting: 3, callback: 2, passed_around: 1 },
    topics: ['fault diagnosis', 'heat pump settings', 'boiler pressure', 'escalated repair'],
  },
  'Complaints & Retention': {
    share: 0.03,
    setting: 'phone',
    channels: [
      ['phone', 0.7],
      ['email', 0.3],
    ],
    survey: 'nps',
    effect: -12,
    themes: { cancellation: 4, callback: 2, passed_around: 2, billing: 1 },
    topics: ['complaint', 'cancellation request', 'goodwill credit'],
  },
  'Chat & Email': {
    share: 0.17,
    setting: 'chat',
    channels: [
      ['chat', 0.6],
      ['email', 0.4],
    ],
    survey: 'csat',
    effect: -15,
    themes: { waiting: 4, passed_around: 4, callback: 1, billing: 1 },
    topics: ['booking', 'reschedule', 'general question', 'quote request'],
  },
  'North Region Technicians': {
    share: 0.11,
    setting: 'field',
    channels: [['field_visit', 1]],
    survey: 'nps',
    effect: -4,
    themes: { waiting: 5, wrong_part: 4, callback: 1 },
    topics: FIELD_TOPICS,
  },
  'South Region Technicians': {
    share: 0.11,
    setting: 'field',
    channels: [['field_visit', 1]],
    survey: 'nps',
    effect: 24,
    themes: { waiting: 3, wrong_part: 3, callback: 1 },
    topics: FIELD_TOPICS,
  },
  Installations: {
    share: 0.05,
    setting: 'field',
    channels: [['field_visit', 1]],
    survey: 'nps',
    effect: 4,
    themes: { waiting: 3, wrong_part: 3, billing: 1 },
    topics: ['boiler installation', 'heat pump installation', 'smart thermostat fitting'],
  },
  'Billing Support': {
    share: 0.09,
    setting: 'billing',
    channels: [
      ['phone', 0.65],
      ['email', 0.35],
    ],
    survey: 'ces',
    effect: -20,
    themes: { billing: 6, passed_around: 2, waiting: 2 },
    topics: ['bill query', 'direct debit change', 'refund', 'payment arrangement'],
  },
  'Home Plans & Renewals': {
    share: 0.04,
    setting: 'billing',
    channels: [
      ['phone', 0.7],
      ['email', 0.3],
    ],
    survey: 'ces',
    effect: 5,
    themes: { cancellation: 4, billing: 3, passed_around: 1 },
    topics: ['plan renewal', 'plan upgrade', 'cancellation'],
  },
};

// Three people customers often praise by name, one each in a field, phone and chat team. The
// roster is seeded, so they exist; should it change, the team's first employee takes their place.
const PRAISED: { team: string; name: string }[] = [
  { team: 'South Region Technicians', name: 'Alejandro Tanaka' },
  { team: 'Tier 2 Specialists', name: 'Patrick Murphy' },
  { team: 'Chat & Email', name: 'Zoltan Murphy' },
];

// Customers' names: Irish and other European names, none shared with the demo's employees.
const NAMES: Record<CommentLocale, { first: readonly string[]; last: readonly string[] }> = {
  en: {
    first: [
      'Aoife',
      'Ciarán',
      'Saoirse',
      'Eoin',
      'Orla',
      'Declan',
      'Róisín',
      'Cian',
      'Sorcha',
      'Darragh',
      'Gráinne',
      'Fionn',
      'Clodagh',
      'Oisín',
      'Éabha',
      'Seán',
      'Máire',
      'Colm',
      'Deirdre',
      'Brendan',
      'Ailbhe',
      'Ronan',
      'Mary',
      'John',
      'Michael',
      'Catherine',
      'Margaret',
      'David',
      'Emma',
      'Jack',
      'Sarah',
      'James',
      'Laura',
      'Mark',
      'Rachel',
      'Ciara',
      'Kevin',
      'Anne',
      'Brian',
      'Eileen',
      'Gerard',
      'Fiona',
      'Shane',
      'Louise',
      'Stephen',
      'Noel',
      'Bernadette',
      'Pádraig',
      'Tadhg',
      'Caoimhe',
      'Eimear',
      'Kieran',
      'Lorcan',
      'Marek',
      'Agnieszka',
      'Piotr',
      'Katarzyna',
      'Andrei',
      'Ioana',
      'Giulia',
      'Luca',
      'Pierre',
      'Camille',
      'Joost',
      'Sanne',
      'Ruth',
      'Philip',
      'Helen',
      'Dermot',
      'Nuala',
    ],
    last: [
      'Byrne',
      'Ryan',
      'O’Sullivan',
      'Kelly',
      'Doyle',
      'McCarthy',
      'O’Connor',
      'O’Neill',
      'Lynch',
      'Kennedy',
      'Nolan',
      'Dunne',
      'Power',
      'Keane',
      'Farrell',
      'Moran',
      'Daly',
      'Healy',
      'Fitzgerald',
      'Kavanagh',
      'Duffy',
      'Reilly',
      'Flanagan',
      'Connolly',
      'Doherty',
      'Whelan',
      'Kinsella',
      'McGrath',
      'Hennessy',
      'Cullen',
      'Brady',
      'Tobin',
      'Foley',
      'Clarke',
      'Burke',
      'Maguire',
      'Sheridan',
      'Egan',
      'Lawlor',
      'Kearney',
      'Mulligan',
      'Geraghty',
      'Costello',
      'Nagle',
      'Kowalczyk',
      'Horvat',
      'Lambert',
      'Rousseau',
      'Bianchi',
      'Ferrari',
      'de Vries',
      'Popescu',
      'Nagy',
      'Dimitrov',
      'Oliveira',
    ],
  },
  es: {
    first: [
      'Javier',
      'María',
      'Carlos',
      'Pilar',
      'Alberto',
      'Marta',
      'Sergio',
      'Nuria',
      'Álvaro',
      'Cristina',
      'Pablo',
      'Raquel',
      'Diego',
      'Irene',
      'Jorge',
      'Andrés',
      'Rocío',
    ],
    last: [
      'López',
      'Martínez',
      'Sánchez',
      'Romero',
      'Navarro',
      'Torres',
      'Domínguez',
      'Vázquez',
      'Ramos',
      'Gil',
      'Serrano',
      'Molina',
      'Ortega',
      'Delgado',
      'Morales',
      'Iglesias',
    ],
  },
  de: {
    first: [
      'Jürgen',
      'Katrin',
      'Stefan',
      'Sabine',
      'Matthias',
      'Anja',
      'Tobias',
      'Ute',
      'Florian',
      'Birgit',
      'Claudia',
      'Dieter',
      'Heike',
      'Lukas',
      'Franziska',
      'Sebastian',
      'Monika',
    ],
    last: [
      'Müller',
      'Weber',
      'Wagner',
      'Becker',
      'Hoffmann',
      'Schäfer',
      'Koch',
      'Richter',
      'Klein',
      'Wolf',
      'Neumann',
      'Schwarz',
      'Zimmermann',
      'Braun',
      'Krüger',
      'Hartmann',
    ],
  },
};
const EMAIL_DOMAINS = [
  'example.com',
  'example.ie',
  'mail.example',
  'example.net',
  'example.org',
  'post.example',
  'inbox.example',
];
const SEGMENTS: [string, number, number, number, number][] = [
  // segment, share, lowest and highest yearly value in EUR, how often they get in touch
  ['Home Plan', 0.45, 180, 420, 1],
  ['Pay-as-you-go', 0.35, 90, 650, 0.8],
  ['Landlord', 0.12, 600, 4_000, 2],
  ['Business', 0.08, 1_500, 12_000, 2.5],
];

export interface PraisedEmployee {
  employeeId: string;
  name: string;
  team: string;
  /** The names customers use for them in comments: preferred name first. */
  calledBy: string[];
}

export interface DemoVoiceResult {
  created: boolean;
  surveys: number;
  customers: number;
  interactions: number;
  invitations: number;
  responses: number;
  praised: PraisedEmployee[];
}

interface Server {
  id: string;
  name: string;
  preferredName: string | null;
  role: string;
  /** This person's own effect on customers' moods, as a probability shift. */
  effect: number;
  weight: number;
  praised: boolean;
}

const count = (n: number) => n.toLocaleString('en-IE');

function weighted<T>(random: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('weighted pick from an empty list');
  return last[0];
}

const asciiOf = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f’']/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');

async function insertAll<T extends PgTable>(tx: Db, table: T, rows: T['$inferInsert'][]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(table).values(rows.slice(i, i + BATCH));
}

/** The score for a mood on each scale; CES runs the other way (1 = very little effort). */
function scoreFor(random: () => number, kind: ScoredKind, mood: Mood): number {
  const r = random();
  switch (kind) {
    case 'nps':
      if (mood === 'promoter') return r < 0.55 ? 10 : 9;
      if (mood === 'passive') return r < 0.45 ? 7 : 8;
      return weighted(random, [
        [0, 0.06],
        [1, 0.05],
        [2, 0.08],
        [3, 0.1],
        [4, 0.13],
        [5, 0.25],
        [6, 0.33],
      ]);
    case 'csat':
      if (mood === 'promoter') return r < 0.7 ? 5 : 4;
      if (mood === 'passive') return r < 0.55 ? 4 : 3;
      return r < 0.3 ? 1 : r < 0.75 ? 2 : 3;
    case 'ces':
      if (mood === 'promoter') return r < 0.45 ? 1 : 2;
      if (mood === 'passive') return r < 0.5 ? 3 : 4;
      return r < 0.4 ? 5 : r < 0.75 ? 6 : 7;
  }
}

/**
 * Six months of customer feedback for the demo organisation: three surveys, about 2,000
 * customers, 20,000 interactions served by the organisation's teams, invitations and about 6,000
 * responses with comments that show real patterns (better and worse teams, an upward trend, a few
 * people praised by name, recurring complaints). Generated in memory from a fixed seed, with dates
 * relative to now, and written in batches in one transaction. Does nothing when the organisation
 * already has customers.
 */
export async function loadDemoVoice(
  db: Db,
  orgId: string,
  progress: (message: string) => void = () => {},
): Promise<DemoVoiceResult> {
  const nothing: DemoVoiceResult = {
    created: false,
    surveys: 0,
    customers: 0,
    interactions: 0,
    invitations: 0,
    responses: 0,
    praised: [],
  };
  const [existing] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.orgId, orgId))
    .limit(1);
  if (existing) return nothing;

  const staff = await db
    .select({
      id: employees.id,
      name: employees.name,
      preferredName: employees.preferredName,
      role: employees.role,
      teamId: teams.id,
      team: teams.name,
    })
    .from(teamMemberships)
    .innerJoin(
      employees,
      and(eq(employees.orgId, teamMemberships.orgId), eq(employees.id, teamMemberships.employeeId)),
    )
    .innerJoin(teams, and(eq(teams.orgId, teamMemberships.orgId), eq(teams.id, teamMemberships.teamId)))
    .where(
      and(
        eq(teamMemberships.orgId, orgId),
        isNull(teamMemberships.endedAt),
        eq(employees.active, true),
        inArray(employees.role, ['employee', 'manager']),
        inArray(teams.name, Object.keys(TEAM_VOICE)),
      ),
    )
    .orderBy(teams.name, employees.name);

  const random = seededRandom(20260611);
  const now = Date.now();
  const start = now - DAYS * DAY_MS;

  // Teams and the people who serve in them; managers take fewer contacts themselves.
  const teamsByName = new Map<string, { id: string; voice: TeamVoice; servers: Server[] }>();
  for (const person of staff) {
    const voice = TEAM_VOICE[person.team];
    if (!voice) continue;
    const team = teamsByName.get(person.team) ?? { id: person.teamId, voice, servers: [] };
    teamsByName.set(person.team, team);
    team.servers.push({
      id: person.id,
      name: person.name,
      preferredName: person.preferredName,
      role: person.role,
      effect: (random() - 0.5) * 0.08,
      weight: person.role === 'manager' ? 0.3 : 1,
      praised: false,
    });
  }
  if (teamsByName.size === 0) return nothing;
  const praised: PraisedEmployee[] = [];
  for (const choice of PRAISED) {
    const team = teamsByName.get(choice.team);
    const server =
      team?.servers.find((s) => s.name === choice.name) ?? team?.servers.find((s) => s.role === 'employee');
    if (!team || !server) continue;
    server.praised = true;
    server.effect = 0.12;
    server.weight = 1.5;
    const first = server.name.split(' ')[0] ?? server.name;
    praised.push({
      employeeId: server.id,
      name: server.name,
      team: choice.team,
      calledBy: [...new Set([server.preferredName ?? first, first])],
    });
  }
  const teamList = [...teamsByName.values()];

  // Surveys, from the templates (English, Spanish, German).
  const surveyCreated = new Date(start - 14 * DAY_MS);
  const surveyRows = SURVEYS.map((s) => ({
    orgId,
    id: uuidv7(),
    kind: s.kind,
    name: s.name,
    status: 'active' as const,
    definition: surveyTemplate(s.kind),
    activeFrom: surveyCreated,
    createdAt: surveyCreated,
    updatedAt: surveyCreated,
  }));
  const surveyOf = new Map(surveyRows.map((s) => [s.kind, s]));

  // Customers.
  const customerRows: (typeof customers.$inferInsert)[] = [];
  // Cumulative contact weights: some customers get in touch far more often than others.
  const contactWeights: number[] = [];
  const emails = new Set<string>();
  for (let i = 0; i < CUSTOMERS; i++) {
    const r = random();
    const locale: CommentLocale = r < 0.08 ? 'es' : r < 0.16 ? 'de' : 'en';
    const first = pick(random, NAMES[locale].first);
    const last = pick(random, NAMES[locale].last);
    const [segment, , low, high, contact] = weighted(
      random,
      SEGMENTS.map((s) => [s, s[1]] as const),
    );
    const local = pick(random, [
      `${asciiOf(first)}.${asciiOf(last)}`,
      `${asciiOf(first)}${asciiOf(last)}`,
      `${asciiOf(first).charAt(0)}${asciiOf(last)}`,
      `${asciiOf(first)}_${asciiOf(last)}`,
      `${asciiOf(first)}.${asciiOf(last)}${10 + Math.floor(random() * 89)}`,
    ]);
    let email = `${local}@${pick(random, EMAIL_DOMAINS)}`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${pick(random, EMAIL_DOMAINS)}`;
    emails.add(email);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    const phone =
      random() < 0.08
        ? null
        : locale === 'es'
          ? `+34 6${digits(2)} ${digits(3)} ${digits(3)}`
          : locale === 'de'
            ? `+49 15${digits(1)} ${digits(7)}`
            : random() < 0.2
              ? `+353 1 ${digits(3)} ${digits(4)}`
              : `+353 8${pick(random, ['3', '5', '6', '7', '9'])} ${digits(3)} ${digits(4)}`;
    contactWeights.push(
      (contactWeights[contactWeights.length - 1] ?? 0) + contact * (0.4 + random() ** 2 * 3),
    );
    const since = new Date(now - (30 + Math.floor(random() * 2_900)) * DAY_MS);
    customerRows.push({
      orgId,
      id: uuidv7(),
      externalId: `CRM-${200_000 + i * 7 + Math.floor(random() * 7)}`,
      name: `${first} ${last}`,
      email,
      phone,
      segment,
      value: Math.round((low + random() * random() * (high - low)) * 100) / 100,
      locale,
      consentEmail: random() < 0.94,
      consentPublishName: random() < 0.35,
      createdAt: since,
      updatedAt: since,
    });
  }

  // Interactions: each in one team, served by one of its people, spread over the last six months
  // on working hours (a few on Sundays).
  const totalWeight = contactWeights[contactWeights.length - 1] ?? 0;
  const pickCustomer = () => {
    const target = random() * totalWeight;
    let lo = 0;
    let hi = contactWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((contactWeights[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return customerRows[lo];
  };
  const teamWeights = teamList.map((t) => [t, t.voice.share] as const);
  const plans: {
    team: (typeof teamList)[number];
    server: Server;
    customer: (typeof customerRows)[number];
    channel: Channel;
    occurredAt: Date;
    topic: string;
  }[] = [];
  while (plans.length < INTERACTIONS) {
    const team = weighted(random, teamWeights);
    const server = weighted(
      random,
      team.servers.map((s) => [s, s.weight] as const),
    );
    const customer = pickCustomer();
    if (!customer) continue;
    const day = new Date(now - Math.floor(random() * DAYS) * DAY_MS);
    if (day.getUTCDay() === 0 && random() < 0.85) continue;
    day.setUTCHours(0, 0, 0, 0);
    // Technicians visit 8:00–17:30, the contact centre is open 8:00–20:00.
    const hours = team.voice.setting === 'field' ? 9.5 : 12;
    const at = day.getTime() + (8 + random() * hours) * HOUR_MS;
    // Today's contacts happen before now.
    const occurredAt = new Date(at < now - 10 * 60_000 ? at : at - DAY_MS);
    plans.push({
      team,
      server,
      customer,
      channel: weighted(random, team.voice.channels),
      occurredAt,
      topic: pick(random, team.voice.topics),
    });
  }
  plans.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());

  const interactionRows: (typeof interactions.$inferInsert)[] = [];
  const servedRows: (typeof interactionEmployees.$inferInsert)[] = [];
  const invitationRows: (typeof invitations.$inferInsert)[] = [];
  const responseRows: (typeof responses.$inferInsert)[] = [];
  const responseServedRows: (typeof responseEmployees.$inferInsert)[] = [];
  const lastAsked = new Map<string, number>();
  let ref = 104_000;
  for (const plan of plans) {
    const { team, server, customer, channel, occurredAt } = plan;
    const interactionId = uuidv7();
    ref += 1 + Math.floor(random() * 3);
    interactionRows.push({
      orgId,
      id: interactionId,
      customerId: customer.id,
      channel,
      occurredAt,
      teamId: team.id,
      externalRef: `LK-${ref}`,
      metadata: { topic: plan.topic },
      createdAt: occurredAt,
    });
    servedRows.push({ orgId, interactionId, employeeId: server.id });

    // Most contacts get a survey, but nobody is asked more than once a week or without consent.
    const asked = lastAsked.get(customer.id);
    if (!customer.consentEmail || (asked && occurredAt.getTime() - asked < 7 * DAY_MS) || random() >= 0.8)
      continue;
    lastAsked.set(customer.id, occurredAt.getTime());
    const survey = surveyOf.get(team.voice.survey);
    if (!survey) continue;
    const locale = (customer.locale ?? 'en') as CommentLocale;
    const sentAt = new Date(
      occurredAt.getTime() + (channel === 'field_visit' ? 2 + random() * 4 : 0.2 + random()) * HOUR_MS,
    );
    if (sentAt.getTime() > now) continue;
    const invitationId = uuidv7();
    const fate = random();
    const bounced = fate < 0.02;
    const opened = !bounced && fate < 0.78;
    const openedAt = opened ? new Date(sentAt.getTime() + random() ** 3 * 72 * HOUR_MS + 60_000) : null;
    const wantsToAnswer = opened && fate < 0.63;
    const answeredAt =
      openedAt && wantsToAnswer ? new Date(openedAt.getTime() + (1 + random() * 7) * 60_000) : null;
    const inPast = (d: Date | null) => (d && d.getTime() <= now ? d : null);
    invitationRows.push({
      orgId,
      id: invitationId,
      surveyId: survey.id,
      customerId: customer.id,
      interactionId,
      channel: 'email',
      token: randomToken(18),
      locale,
      sentAt,
      openedAt: inPast(openedAt),
      answeredAt: inPast(answeredAt),
      bouncedAt: bounced ? new Date(sentAt.getTime() + 60_000) : null,
      createdAt: new Date(sentAt.getTime() - 60_000),
    });
    const submittedAt = inPast(answeredAt);
    if (!submittedAt) continue;

    // The mood: the organisation improves over the six months (NPS about +15 to +35), some teams
    // and people do better than others.
    const t = (occurredAt.getTime() - start) / (now - start);
    const shift = team.voice.effect / 200 + server.effect;
    const promoterP = Math.min(0.92, Math.max(0.08, 0.45 + 0.1 * t + shift));
    const detractorP = Math.min(0.8, Math.max(0.03, 0.3 - 0.1 * t - shift * 0.9));
    const m = random();
    const mood: Mood = m < promoterP ? 'promoter' : m < promoterP + detractorP ? 'detractor' : 'passive';
    const kind = team.voice.survey;
    const score = scoreFor(random, kind, mood);

    // Unhappy customers write more; people praised by name are named in most of their praise.
    const writes = random() < (mood === 'detractor' ? 0.75 : mood === 'passive' ? 0.45 : 0.6);
    let comment: string | null = null;
    if (writes) {
      // Missed appointment windows and hold times improve over the period.
      const themes = Object.entries(team.voice.themes).map(
        ([theme, w]) => [theme as Theme, theme === 'waiting' ? w * (1.4 - 0.8 * t) : w] as const,
      );
      const theme =
        mood === 'detractor' || (mood === 'passive' && random() < 0.6) ? weighted(random, themes) : null;
      const nameChance = server.praised
        ? mood === 'detractor'
          ? 0.05
          : 0.85
        : mood === 'promoter'
          ? 0.1
          : 0;
      const first = server.name.split(' ')[0] ?? server.name;
      const mention =
        random() < nameChance
          ? server.preferredName && random() < 0.75
            ? server.preferredName
            : first
          : null;
      comment = writeComment(random, {
        locale,
        mood,
        setting: team.voice.setting,
        theme,
        mention: mood === 'detractor' ? null : mention,
      });
    }
    const responseId = uuidv7();
    responseRows.push({
      orgId,
      id: responseId,
      surveyId: survey.id,
      invitationId,
      customerId: customer.id,
      interactionId,
      teamId: team.id,
      channel,
      source: 'email',
      locale,
      score,
      answers: comment === null ? { score } : { score, reason: comment },
      comment,
      submittedAt,
      updatedAt: submittedAt,
      amendableUntil: new Date(submittedAt.getTime() + AMEND_HOURS * HOUR_MS),
    });
    responseServedRows.push({ orgId, responseId, employeeId: server.id });
  }

  await db.transaction(async (tx) => {
    await tx.insert(surveys).values(surveyRows);
    progress(`demo: ${surveyRows.length} surveys`);
    await insertAll(tx, customers, customerRows);
    progress(`demo: ${count(customerRows.length)} customers`);
    await insertAll(tx, interactions, interactionRows);
    await insertAll(tx, interactionEmployees, servedRows);
    progress(`demo: ${count(interactionRows.length)} interactions`);
    await insertAll(tx, invitations, invitationRows);
    await insertAll(tx, responses, responseRows);
    await insertAll(tx, responseEmployees, responseServedRows);
    // Bulk-inserted without the write path, so the rollups are built from the rows once.
    await rebuildRollups(tx, orgId);
    // …and queued for the response pipeline like an import (text analysis; history opens no cases
    // and sends no notifications except for recent answers — each step decides).
    await enqueueResponsePipeline(
      tx,
      orgId,
      responseRows.map((r) => r.id),
      'imported',
    );
    progress(
      `demo: ${count(responseRows.length)} responses to ${count(invitationRows.length)} survey invitations`,
    );
  });
  return {
    created: true,
    surveys: surveyRows.length,
    customers: customerRows.length,
    interactions: interactionRows.length,
    invitations: invitationRows.length,
    responses: responseRows.length,
    praised,
  };
}
