import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../db/client.ts';
import { createApiKey } from '../domains/auth/api-keys.service.ts';
import { buildTestApp, withApiKey } from '../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases.ts';
import { type SeededOrg, seedOrg } from '../test/seed.ts';

interface Hook {
  id: string;
  url: string;
  secret: string;
}

const hex = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const zendeskSignature = (secret: string, timestamp: string, body: string) =>
  createHmac('sha256', secret)
    .update(timestamp + body)
    .digest('base64');

describe.each(DATABASE_KINDS)('helpdesk webhooks on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let call: ReturnType<typeof withApiKey>;
  let zendesk: Hook;
  let freshdesk: Hook;
  let generic: Hook;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    const { key } = await createApiKey(org.system, { name: 'admin', scopes: ['all'] });
    call = withApiKey(app, key);
    const create = async (body: object) => {
      const res = await call('POST', '/api/v1/webhooks/inbound', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as Hook;
    };
    zendesk = await create({ name: 'Zendesk support', kind: 'zendesk' });
    freshdesk = await create({ name: 'Freshdesk billing', kind: 'freshdesk', defaultChannel: 'phone' });
    generic = await create({
      name: 'Field service CRM',
      kind: 'generic',
      mapping: {
        externalRef: '/case/number',
        occurredAt: 'case.closedAt',
        customerEmail: 'case.contact.email',
        agentEmail: 'case.owner',
        fixedChannel: 'field_visit',
        condition: { path: 'case.state', equals: ['closed'] },
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const post = (hook: Hook, body: string, headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: `/hooks/${hook.id}`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });
  const interactionsOf = async (ref: string) =>
    query<{ id: string; channel: string; team_id: string | null }>(
      database.db,
      sql`select id, channel, team_id from interactions where org_id = ${org.orgId} and external_ref = ${ref}`,
    );
  const deliveries = async (hook: Hook) =>
    (await call('GET', `/api/v1/webhooks/inbound/${hook.id}/deliveries`)).json().items as {
      status: string;
      httpStatus: number;
      signatureOk: boolean;
      interactionId: string | null;
      error: string | null;
      payload: unknown;
    }[];

  const zendeskTicket = (status: string, id = '4711') =>
    JSON.stringify({
      ticket: {
        id,
        status,
        via: 'Phone call (inbound)',
        updated_at: '2026-11-22T16:42:10Z',
        requester: { email: 'ines.moreau@example.com', name: 'Inès Moreau' },
        assignee: { email: org.people.employee.email },
        group: { name: 'Phone Support' },
      },
    });

  it('shows the URL, the secret and the body template to paste into the helpdesk', async () => {
    const res = await call('GET', `/api/v1/webhooks/inbound/${zendesk.id}`);
    expect(res.json()).toMatchObject({
      url: `http://serviceloop.test/hooks/${zendesk.id}`,
      secret: zendesk.secret,
      kind: 'zendesk',
      active: true,
      bodyTemplate: expect.stringContaining('{{ticket.updated_at_with_timestamp}}'),
    });
    expect(zendesk.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('turns a solved Zendesk ticket into one interaction, however often it is delivered', async () => {
    const body = zendeskTicket('Solved');
    const replies = [];
    for (let i = 0; i < 3; i++) {
      const timestamp = new Date().toISOString();
      replies.push(
        await post(zendesk, body, {
          'x-zendesk-webhook-signature': zendeskSignature(zendesk.secret, timestamp, body),
          'x-zendesk-webhook-signature-timestamp': timestamp,
        }),
      );
    }
    expect(replies.map((r) => r.statusCode)).toEqual([202, 202, 202]);
    expect(replies.map((r) => r.json().duplicate)).toEqual([false, true, true]);
    const stored = await interactionsOf('4711');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ channel: 'phone', team_id: org.team });
    expect(new Set(replies.map((r) => r.json().interactionId))).toEqual(new Set([stored[0]?.id]));
    const interaction = (await call('GET', `/api/v1/interactions/${stored[0]?.id}`)).json();
    expect(interaction).toMatchObject({ employeeIds: [org.people.employee.id], customerName: 'Inès Moreau' });
  });

  it('refuses a Zendesk delivery with a wrong signature or a stale timestamp, and logs it', async () => {
    const body = zendeskTicket('Solved', '5000');
    const now = new Date().toISOString();
    const forged = await post(zendesk, body, {
      'x-zendesk-webhook-signature': zendeskSignature('not-the-secret', now, body),
      'x-zendesk-webhook-signature-timestamp': now,
    });
    expect([forged.statusCode, forged.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const old = new Date(Date.now() - 60 * 60_000).toISOString();
    const replayed = await post(zendesk, body, {
      'x-zendesk-webhook-signature': zendeskSignature(zendesk.secret, old, body),
      'x-zendesk-webhook-signature-timestamp': old,
    });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().error.message).toMatch(/15 minutes/);
    const unsigned = await post(zendesk, body, {});
    expect(unsigned.statusCode).toBe(401);
    // The timestamp is signed too: the right signature with another timestamp does not pass.
    const moved = await post(zendesk, body, {
      'x-zendesk-webhook-signature': zendeskSignature(zendesk.secret, now, body),
      'x-zendesk-webhook-signature-timestamp': new Date(Date.now() - 1000).toISOString(),
    });
    expect(moved.statusCode).toBe(401);
    expect(await interactionsOf('5000')).toHaveLength(0);
  });

  it('logs a ticket that is not solved as ignored', async () => {
    const body = zendeskTicket('Pending', '6000');
    const timestamp = new Date().toISOString();
    const res = await post(zendesk, body, {
      'x-zendesk-webhook-signature': zendeskSignature(zendesk.secret, timestamp, body),
      'x-zendesk-webhook-signature-timestamp': timestamp,
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'ignored', interactionId: null });
    expect(await interactionsOf('6000')).toHaveLength(0);
  });

  it('answers 400 to malformed JSON and to a payload without a customer, never 5xx', async () => {
    for (const body of [
      '{"ticket": {"id": "1", "status": "Solved"',
      '{"ticket": {"id": "1", "status": "Solved"}}',
    ]) {
      const timestamp = new Date().toISOString();
      const res = await post(zendesk, body, {
        'x-zendesk-webhook-signature': zendeskSignature(zendesk.secret, timestamp, body),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      });
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'INVALID']);
    }
    const nul = '{"ticket": {"id": "1", "status": "Solved", "x": "\\u0000"}}';
    const res = await post(generic, nul, { 'x-serviceloop-signature': hex(generic.secret, nul) });
    expect(res.statusCode).toBe(400);
  });

  it('lists every Zendesk delivery in the log, newest first', async () => {
    const log = await deliveries(zendesk);
    const count = (status: string, http: number) =>
      log.filter((d) => d.status === status && d.httpStatus === http).length;
    expect(count('accepted', 202)).toBe(3);
    expect(count('rejected', 401)).toBe(4);
    expect(count('ignored', 202)).toBe(1);
    expect(count('rejected', 400)).toBe(2);
    expect(log.filter((d) => !d.signatureOk)).toHaveLength(4);
    expect(log.at(-1)).toMatchObject({ status: 'accepted', payload: { ticket: { id: '4711' } } });
    expect(log[0]).toMatchObject({ status: 'rejected', error: expect.stringMatching(/customer/) });
    expect(log.find((d) => d.httpStatus === 400 && d.error?.includes('JSON'))?.payload).toEqual({
      truncated: false,
      text: '{"ticket": {"id": "1", "status": "Solved"',
    });
  });

  it('checks the Freshdesk HMAC and records a resolved ticket once', async () => {
    const body = JSON.stringify({
      ticket: {
        id: '982',
        status: 'Resolved',
        source: 'Email',
        contact: { email: 'k.tanaka@example.jp', name: 'Kenji Tanaka' },
        agent: { email: org.people.manager.email },
        group: { name: 'No Such Group' },
      },
    });
    const bad = await post(freshdesk, body, { 'x-serviceloop-signature': hex('wrong', body) });
    expect(bad.statusCode).toBe(401);
    const replies = [];
    for (let i = 0; i < 3; i++)
      replies.push(await post(freshdesk, body, { 'x-serviceloop-signature': hex(freshdesk.secret, body) }));
    expect(replies.map((r) => r.statusCode)).toEqual([202, 202, 202]);
    expect(replies.map((r) => r.json().duplicate)).toEqual([false, true, true]);
    const stored = await interactionsOf('982');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.channel).toBe('email');
    const log = await deliveries(freshdesk);
    expect(log.map((d) => d.status)).toEqual(['accepted', 'accepted', 'accepted', 'rejected']);
    expect(log.at(-2)?.error).toMatch(/No team is called "No Such Group"/);
  });

  it('takes the secret as a fixed Freshdesk header, since Freshdesk cannot sign', async () => {
    const body = JSON.stringify({
      freshdesk_webhook: {
        ticket_id: 983,
        ticket_status: 'Closed',
        ticket_contact_email: 'olaf@example.com',
      },
    });
    const wrong = await post(freshdesk, body, { 'x-serviceloop-token': 'guessed-secret-guessed-secret' });
    expect(wrong.statusCode).toBe(401);
    const right = await post(freshdesk, body, { 'x-serviceloop-token': freshdesk.secret });
    expect(right.statusCode, right.body).toBe(202);
    expect(await interactionsOf('983')).toMatchObject([{ channel: 'phone' }]);
    // Only Freshdesk webhooks take it: a generic one needs the HMAC.
    const generic2 = await post(generic, body, { 'x-serviceloop-token': generic.secret });
    expect(generic2.statusCode).toBe(401);
  });

  it('reads a generic payload through its mapping and condition', async () => {
    const closed = JSON.stringify({
      case: {
        number: 'CS-231',
        state: 'Closed',
        closedAt: '2026-11-21T09:15:00Z',
        contact: { email: 'olga@example.pl' },
      },
    });
    const open = JSON.stringify({
      case: { number: 'CS-232', state: 'open', contact: { email: 'olga@example.pl' } },
    });
    const first = await post(generic, closed, { 'x-serviceloop-signature': hex(generic.secret, closed) });
    expect(first.statusCode, first.body).toBe(202);
    const again = await post(generic, closed, { 'x-serviceloop-signature': hex(generic.secret, closed) });
    expect(again.json()).toMatchObject({ duplicate: true, interactionId: first.json().interactionId });
    const ignored = await post(generic, open, { 'x-serviceloop-signature': hex(generic.secret, open) });
    expect(ignored.json().status).toBe('ignored');
    expect(await interactionsOf('CS-231')).toMatchObject([{ channel: 'field_visit' }]);
  });

  it('answers 404 for an unknown or switched-off webhook, and stops taking an old secret', async () => {
    const body = '{}';
    expect((await app.inject({ method: 'POST', url: '/hooks/not-a-uuid', payload: body })).statusCode).toBe(
      404,
    );
    const unknown = await app.inject({
      method: 'POST',
      url: '/hooks/0190f0f0-0000-7000-8000-000000000000',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'NOT_FOUND']);

    const rotated = await call('PATCH', `/api/v1/webhooks/inbound/${generic.id}`, { rotateSecret: true });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).not.toBe(generic.secret);
    const closed = JSON.stringify({
      case: { number: 'CS-300', state: 'closed', contact: { email: 'a@example.pl' } },
    });
    expect(
      (await post(generic, closed, { 'x-serviceloop-signature': hex(generic.secret, closed) })).statusCode,
    ).toBe(401);
    await call('PATCH', `/api/v1/webhooks/inbound/${generic.id}`, { active: false });
    const off = await post(generic, closed, {
      'x-serviceloop-signature': hex(rotated.json().secret, closed),
    });
    expect(off.statusCode).toBe(404);
  });

  it('is managed only with organisation:write', async () => {
    const { key } = await createApiKey(org.system, { name: 'crm', scopes: ['customers:write'] });
    const crm = withApiKey(app, key);
    expect((await crm('GET', '/api/v1/webhooks/inbound')).statusCode).toBe(403);
    expect((await crm('POST', '/api/v1/webhooks/inbound', { name: 'x', kind: 'zendesk' })).statusCode).toBe(
      403,
    );
    const generic = await call('POST', '/api/v1/webhooks/inbound', { name: 'No mapping', kind: 'generic' });
    expect(generic.statusCode).toBe(400);
  });
});
