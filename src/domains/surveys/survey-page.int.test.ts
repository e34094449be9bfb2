import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { buildTestApp } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg } from '../../test/seed.ts';
import { createInvitation } from './invitations.service.ts';
import { signStarted } from './survey-page.ts';
import { surveyTemplate } from './survey-templates.ts';
import { CreateInvitationInput, SurveyDefinition } from './surveys.api.ts';
import { createSurvey, createSurveyLink, updateSurvey } from './surveys.service.ts';

const PUBLIC_URL = 'http://serviceloop.test';

// The NPS template plus a follow-up that only detractors see and must answer.
const definition = SurveyDefinition.parse({
  ...surveyTemplate('nps'),
  questions: [
    ...surveyTemplate('nps').questions,
    {
      id: 'fix',
      type: 'multiple',
      required: true,
      showIf: { scoreMin: 0, scoreMax: 6 },
      label: { en: 'What should we fix?', es: '¿Qué deberíamos mejorar?', de: 'Was sollten wir verbessern?' },
      options: [
        { id: 'speed', label: { en: 'Speed', es: 'Rapidez', de: 'Tempo' } },
        { id: 'tone', label: { en: 'Tone', es: 'Trato', de: 'Umgangston' } },
      ],
    },
  ],
});

describe.each(DATABASE_KINDS)('public survey page on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let surveyId: string;
  let linkToken: string;
  let secretKey: string;

  const newInvitation = async (email: string, locale = 'es') => {
    const view = await createInvitation(
      org.system,
      CreateInvitationInput.parse({ surveyId, customer: { email, locale }, channel: 'email' }),
      PUBLIC_URL,
    );
    return { id: view.id, token: view.url.split('/s/')[1] ?? '' };
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    secretKey = app.deps.config.secretKey;
    org = await seedOrg(database.db);
    const survey = await createSurvey(
      org.system,
      { kind: 'nps', name: 'Support NPS', definition },
      PUBLIC_URL,
    );
    surveyId = survey.id;
    await updateSurvey(org.system, surveyId, { status: 'active' }, PUBLIC_URL);
    const linked = await createSurveyLink(org.system, surveyId, PUBLIC_URL);
    linkToken = linked.linkUrl?.split('/s/')[1] ?? '';
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const responsesOf = (invitationId: string) =>
    query<{
      id: string;
      score: number | null;
      answers: Record<string, unknown>;
      comment: string | null;
      locale: string;
    }>(
      database.db,
      sql`select id, score, answers, comment, locale from responses
          where org_id = ${org.orgId} and invitation_id = ${invitationId}`,
    );
  const linkResponses = async () =>
    (
      await query<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from responses where org_id = ${org.orgId} and invitation_id is null`,
      )
    )[0]?.n ?? 0;

  const post = (
    token: string,
    fields: [string, string][],
    options: { ip?: string; url?: string; headers?: Record<string, string> } = {},
  ) =>
    app.inject({
      method: 'POST',
      url: options.url ?? `/s/${token}`,
      remoteAddress: options.ip ?? '198.51.100.1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
      payload: new URLSearchParams(fields).toString(),
    });
  const startedAgo = (ms: number) => signStarted(secretKey, linkToken, Date.now() - ms);

  describe('an email invitation', () => {
    let invitation: { id: string; token: string };
    beforeAll(async () => {
      invitation = await newInvitation('rosa@example.com');
    });

    it('is shown in the customer’s language, never cached nor indexed, under the app’s CSP', async () => {
      const res = await app.inject({ method: 'GET', url: `/s/${invitation.token}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-robots-tag']).toBe('noindex');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.body).toContain('<html lang="es">');
      expect(res.body).toContain('¿Qué probabilidad hay de que recomiende Org ');
      expect(res.body).toContain('>Enviar</button>');
      const [opened] = await query<{ opened_at: Date | null }>(
        database.db,
        sql`select opened_at from invitations where id = ${invitation.id}`,
      );
      expect(opened?.opened_at).toBeTruthy();
      const german = await app.inject({ method: 'GET', url: `/s/${invitation.token}?lang=de` });
      expect(german.body).toContain('<html lang="de">');
    });

    it('records the score from a one-click email link and shows the rest of the form', async () => {
      const res = await app.inject({ method: 'GET', url: `/s/${invitation.token}?score=9` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('role="status">Gracias: su puntuación se ha guardado.');
      expect(res.body).toContain('value="9" checked');
      const rows = await responsesOf(invitation.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ score: 9, answers: { score: 9 }, locale: 'es' });
      const [inv] = await query<{ opened_at: Date | null; answered_at: Date | null }>(
        database.db,
        sql`select opened_at, answered_at from invitations where id = ${invitation.id}`,
      );
      expect(inv?.opened_at).toBeTruthy();
      expect(inv?.answered_at).toBeTruthy();
    });

    it('amends that same response when the form is sent with a comment', async () => {
      const res = await post(invitation.token, [
        ['_l', 'es'],
        ['q.score', '10'],
        ['q.reason', 'Muy amables'],
      ]);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<h1>Gracias</h1>');
      expect(res.body).toContain('Puede cambiar su respuesta hasta el ');
      expect(res.body).toContain(`href="/s/${invitation.token}?lang=es"`);
      const rows = await responsesOf(invitation.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        score: 10,
        comment: 'Muy amables',
        answers: { score: 10, reason: 'Muy amables' },
      });
      // The saved answer is shown again, ready to change.
      const again = await app.inject({ method: 'GET', url: `/s/${invitation.token}` });
      expect(again.body).toContain('value="10" checked');
      expect(again.body).toContain('>Muy amables</textarea>');
    });

    it('refuses a change after the amend window and leaves the answer alone', async () => {
      await database.db.execute(
        sql`update responses set amendable_until = now() - interval '1 hour' where invitation_id = ${invitation.id}`,
      );
      const res = await post(invitation.token, [
        ['q.score', '2'],
        ['q.fix', 'speed'],
      ]);
      expect(res.statusCode).toBe(409);
      expect(res.body).toContain('<h1>Ya ha respondido</h1>');
      const rows = await responsesOf(invitation.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ score: 10, comment: 'Muy amables' });
      const oneClick = await app.inject({ method: 'GET', url: `/s/${invitation.token}?score=3` });
      expect(oneClick.statusCode).toBe(409);
      expect((await responsesOf(invitation.id))[0]?.score).toBe(10);
    });

    it('re-renders the form with an error summary and stores nothing when answers are missing', async () => {
      const fresh = await newInvitation('li@example.com', 'en');
      const res = await post(fresh.token, [
        ['q.score', '3'],
        ['q.reason', 'Too slow <really>'],
      ]);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('<div class="sum" id="errors" role="alert" tabindex="-1">');
      expect(res.body).toContain('<a href="#q-fix-0">What should we fix?: Please answer this question</a>');
      expect(res.body).toContain('aria-invalid="true"');
      expect(res.body).toContain('value="3" checked');
      expect(res.body).toContain('>Too slow &lt;really&gt;</textarea>');
      expect(await responsesOf(fresh.id)).toHaveLength(0);
    });
  });

  describe('an open link', () => {
    it('stores nothing when the honeypot is filled in', async () => {
      const before = await linkResponses();
      const res = await post(linkToken, [
        ['_s', startedAgo(10_000)],
        ['website', 'http://spam.example'],
        ['q.score', '10'],
      ]);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('<h1>Please try again</h1>');
      expect(await linkResponses()).toBe(before);
    });

    it('stores nothing when the form comes back too fast or with a forged start time', async () => {
      const before = await linkResponses();
      const fast = await post(linkToken, [
        ['_s', startedAgo(500)],
        ['q.score', '10'],
      ]);
      expect(fast.statusCode).toBe(400);
      const forged = await post(linkToken, [
        ['_s', `${Date.now() - 60_000}.AAAAAAAAAAAAAAAAAAAAAA`],
        ['q.score', '10'],
      ]);
      expect(forged.statusCode).toBe(400);
      expect(await linkResponses()).toBe(before);
    });

    it('stores a response from a person who took their time, in the language they saw', async () => {
      const page = await app.inject({
        method: 'GET',
        url: `/s/${linkToken}`,
        headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' },
      });
      expect(page.body).toContain('<html lang="de">');
      expect(page.body).toContain('name="website" tabindex="-1" autocomplete="off"');
      const before = await linkResponses();
      const res = await post(
        linkToken,
        [
          ['_l', 'de'],
          ['_s', startedAgo(10_000)],
          ['website', ''],
          ['q.score', '8'],
          ['q.reason', 'Schnell'],
        ],
        { url: `/s/${linkToken}?embed=1` },
      );
      // Post/redirect/get: the thank-you page is a GET, so reloading it sends nothing again.
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/s/${linkToken}?lang=de&embed=1&thanks=1`);
      expect(await linkResponses()).toBe(before + 1);
      const thanks = await app.inject({ method: 'GET', url: String(res.headers.location) });
      expect(thanks.statusCode).toBe(200);
      expect(thanks.body).toContain('<h1>Vielen Dank</h1>');
      expect(thanks.body).not.toContain('ändern');
      await app.inject({ method: 'GET', url: String(res.headers.location) });
      expect(await linkResponses()).toBe(before + 1);
      const [row] = await query<{
        score: number;
        locale: string;
        source: string;
        customer_id: string | null;
      }>(
        database.db,
        sql`select score, locale, source, customer_id from responses
            where org_id = ${org.orgId} and invitation_id is null order by submitted_at desc limit 1`,
      );
      expect(row).toEqual({ score: 8, locale: 'de', source: 'embed', customer_id: null });
    });

    it('turns away the 21st answer from one address within the hour', async () => {
      const send = () =>
        post(
          linkToken,
          [
            ['_s', startedAgo(10_000)],
            ['q.score', '9'],
          ],
          { ip: '203.0.113.77' },
        );
      for (let i = 0; i < 20; i++) expect((await send()).statusCode).toBe(303);
      const before = await linkResponses();
      const res = await send();
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBeTruthy();
      expect(res.body).toContain('<h1>Too many answers</h1>');
      expect(await linkResponses()).toBe(before);
      // Another address is not affected.
      expect(
        (
          await post(
            linkToken,
            [
              ['_s', startedAgo(10_000)],
              ['q.score', '9'],
            ],
            { ip: '203.0.113.78' },
          )
        ).statusCode,
      ).toBe(303);
    });
  });

  it('answers an unknown token with an HTML page, and a closed survey with 410', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/s/no-such-token-123',
      headers: { 'accept-language': 'de' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<h1>Umfrage nicht gefunden</h1>');

    const draft = await createSurvey(org.system, { kind: 'nps', name: 'Draft' }, PUBLIC_URL);
    const link = await createSurveyLink(org.system, draft.id, PUBLIC_URL);
    const closed = await app.inject({ method: 'GET', url: new URL(link.linkUrl ?? '').pathname });
    expect(closed.statusCode).toBe(410);
    expect(closed.body).toContain('<h1>This survey is closed</h1>');
  });

  it('lets the survey’s own logo through the content security policy on its page only', async () => {
    const branded = await createSurvey(
      org.system,
      {
        kind: 'nps',
        name: 'Branded',
        definition: { ...definition, logoUrl: 'https://cdn.example.com/acme.png' },
      },
      PUBLIC_URL,
    );
    await updateSurvey(org.system, branded.id, { status: 'active' }, PUBLIC_URL);
    const link = await createSurveyLink(org.system, branded.id, PUBLIC_URL);
    const res = await app.inject({ method: 'GET', url: new URL(link.linkUrl ?? '').pathname });
    expect(res.body).toContain('<img class="logo" src="https://cdn.example.com/acme.png" alt="Org ');
    const policy = String(res.headers['content-security-policy']);
    expect(policy).toMatch(/img-src [^;]*https:\/\/cdn\.example\.com/);
    expect(policy).toContain("script-src 'self'");
    const plain = await app.inject({ method: 'GET', url: `/s/${linkToken}` });
    expect(String(plain.headers['content-security-policy'])).not.toContain('cdn.example.com');
  });

  it('serves its small script from its own origin with a long cache, and compresses on request', async () => {
    const page = await app.inject({ method: 'GET', url: `/s/${linkToken}` });
    const src = /<script src="([^"]+)" defer>/.exec(page.body)?.[1] ?? '';
    const script = await app.inject({ method: 'GET', url: src });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toContain('immutable');
    const gzipped = await app.inject({
      method: 'GET',
      url: `/s/${linkToken}`,
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.rawPayload.length).toBeLessThan(page.rawPayload.length / 2);
  });

  it('never answers a posted form with a 5xx, whatever the body', async () => {
    const invitation = await newInvitation('fuzz@example.com', 'de');
    const keys = [
      'q.score',
      'q.reason',
      'q.fix',
      'q.nope',
      '_l',
      '_s',
      'website',
      '__proto__',
      'constructor',
      '',
    ];
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.integer({ min: -20, max: 20 }).map(String),
      fc.constantFrom('speed', 'tone', 'es', 'de', 'xx', startedAgo(10_000)),
    );
    const fields = fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 8 });
    const body = fc.oneof(
      fields.map((f) => ({
        type: 'application/x-www-form-urlencoded',
        payload: new URLSearchParams(f).toString(),
      })),
      fc.string({ unit: 'binary' }).map((s) => ({ type: 'application/x-www-form-urlencoded', payload: s })),
      fc.string().map((s) => ({ type: 'application/json', payload: s })),
      fc.string().map((s) => ({ type: 'text/plain', payload: s })),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), fc.nat(), async ({ type, payload }, useInvitation, ip) => {
        const token = useInvitation ? invitation.token : linkToken;
        const res = await app.inject({
          method: 'POST',
          url: `/s/${token}`,
          remoteAddress: `10.0.${ip % 200}.${ip % 250}`,
          headers: { 'content-type': type },
          payload,
        });
        expect(res.statusCode).toBeLessThan(500);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      }),
      { numRuns: 300 },
    );
  });
});
