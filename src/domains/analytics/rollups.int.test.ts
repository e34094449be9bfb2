import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { seedOrg } from '../../test/seed.ts';
import { createInteraction } from '../customers/interactions.service.ts';
import { createInvitation } from '../surveys/invitations.service.ts';
import { type AnalyticsOrg, analyticsOrg } from './analytics.fixtures.ts';
import { eraseResponses } from './erase-responses.service.ts';
import { rebuildRollups, rollupsAndRecomputation } from './rollups.ts';

const KINDS = ['nps', 'csat', 'ces', 'custom'] as const;
const MAX = { nps: 10, csat: 5, ces: 7, custom: 10 } as const;
const CHANNELS = ['email', 'phone', 'chat'] as const;

/** Operations on an organisation's responses; indexes pick among what exists when they run. */
const operation = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    kind: fc.constantFrom(...KINDS),
    score: fc.integer({ min: 0, max: 10 }),
    unscored: fc.boolean(),
    channel: fc.option(fc.constantFrom(...CHANNELS)),
    team: fc.option(fc.integer({ min: 0, max: 1 })),
    agents: fc.subarray([0, 1, 2]),
    // Around midnight and the turn of months in Berlin, across a year boundary and a DST change.
    at: fc.constantFrom(
      '2024-12-31T22:59:59.000Z',
      '2024-12-31T23:00:00.000Z',
      '2025-03-30T00:30:00.000Z',
      '2025-03-30T22:30:00.000Z',
      '2025-06-15T12:00:00.000Z',
      '2025-06-16T12:00:00.000Z',
    ),
  }),
  fc.record({
    op: fc.constant('invite' as const),
    kind: fc.constantFrom(...KINDS),
    score: fc.integer({ min: 0, max: 10 }),
    agents: fc.subarray([0, 1, 2], { minLength: 1 }),
  }),
  fc.record({ op: fc.constant('amend' as const), pick: fc.nat(), score: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ op: fc.constant('erase' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }),
);

describe.each(DATABASE_KINDS)('rollups on %s', (kind) => {
  let database: TestDatabase;
  let a: AnalyticsOrg;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    a = await analyticsOrg(await seedOrg(database.db));
  });
  afterAll(() => database.dispose());

  it('equal a recomputation from raw rows after any inserts, amendments and erasures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (ops) => {
        // One organisation throughout: the invariant must hold on whatever the earlier runs left.
        const stored: string[] = [];
        const invited: { token: string; surveyId: string; kind: (typeof KINDS)[number] }[] = [];
        const scoreFor = (k: (typeof KINDS)[number], s: number) =>
          Math.max(k === 'nps' ? 0 : 1, Math.min(MAX[k], s));
        for (const o of ops) {
          if (o.op === 'insert') {
            const employeeIds = o.agents.map((i) => a.agents[i] as string);
            stored.push(
              await a.submit({
                surveyId: a.surveys[o.kind],
                // Only a custom survey's first question may be left out (the templates require theirs).
                ...(o.unscored && o.kind === 'custom' ? {} : { score: scoreFor(o.kind, o.score) }),
                submittedAt: o.at,
                ...(o.channel
                  ? {
                      interaction: {
                        customer: { email: `c${stored.length}-${Math.random()}@x.example` },
                        channel: o.channel,
                        occurredAt: o.at,
                        employeeIds,
                        employeeEmails: [],
                        metadata: {},
                        ...(o.team !== null ? { teamId: a.teams[o.team] } : {}),
                      },
                    }
                  : {
                      employeeIds,
                      ...(o.team !== null ? { teamId: a.teams[o.team] } : {}),
                    }),
              }),
            );
          } else if (o.op === 'invite') {
            const interaction = {
              customer: { email: `i${invited.length}-${Math.random()}@x.example` },
              channel: 'phone' as const,
              occurredAt: new Date().toISOString(),
              employeeIds: o.agents.map((i) => a.agents[i] as string),
              employeeEmails: [],
              metadata: {},
            };
            const created = await createInteraction(a.ctx, interaction, null);
            const invitation = await createInvitation(
              a.ctx,
              { surveyId: a.surveys[o.kind], interactionId: created.interaction.id, channel: 'api' },
              'http://test',
            );
            const token = invitation.url.split('/s/')[1] ?? '';
            invited.push({ token, surveyId: a.surveys[o.kind], kind: o.kind });
            stored.push(
              await a.submit({
                surveyId: a.surveys[o.kind],
                invitationToken: token,
                score: scoreFor(o.kind, o.score),
              }),
            );
          } else if (o.op === 'amend' && invited.length > 0) {
            const target = invited[o.pick % invited.length];
            if (target)
              await a
                .submit({
                  surveyId: target.surveyId,
                  invitationToken: target.token,
                  score: scoreFor(target.kind, o.score),
                })
                // An erased invitation's response comes back as a new one: also a valid change.
                .then((id) => stored.push(id));
          } else if (o.op === 'erase' && stored.length > 0) {
            await eraseResponses(
              a.ctx,
              o.picks.map((p) => stored[p % stored.length] as string),
            );
          }
        }
        const { stored: rows, recomputed } = await rollupsAndRecomputation(database.db, a.org.orgId);
        expect(rows).toEqual(recomputed);
        // And a rebuild from scratch lands on the very same rows.
        await database.db.transaction((tx) => rebuildRollups(tx, a.org.orgId));
        expect((await rollupsAndRecomputation(database.db, a.org.orgId)).stored).toEqual(recomputed);
      }),
      { numRuns: 15 },
    );
  }, 180_000);
});
