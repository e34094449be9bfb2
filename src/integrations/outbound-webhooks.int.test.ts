import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffMs, type Clock, type JobRunner, startJobRunner } from '../jobs/jobs.ts';
import { buildTestApp, type Session, signInAs } from '../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../test/seed.ts';
import { MAX_DELIVERY_ATTEMPTS, outboundWebhookHandlers, SWITCHED_OFF } from './outbound-webhooks.service.ts';
import { outboundWebhooks } from './outbound-webhooks.tables.ts';

const PUBLIC_URL = 'http://serviceloop.test';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server that answers each request with the next status of `script` (then 200). */
async function startReceiver() {
  const received: Received[] = [];
  const script: Record<string, number[]> = {};
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body });
      res.statusCode = script[path]?.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    script,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function movableClock(start: Date): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

// The receiver listens on 127.0.0.1, so these run as a self-hoster who allows private targets.
describe.each(DATABASE_KINDS)('outbound webhooks on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let clock: ReturnType<typeof movableClock>;
  let runner: JobRunner;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database, undefined, { outboundWebhooksAllowPrivate: true }));
    org = await seedOrg(database.db);
    admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
    receiver = await startReceiver();
    clock = movableClock(new Date(Date.now() + 1000));
    runner = startJobRunner({
      db: database.db,
      handlers: outboundWebhookHandlers({ publicUrl: PUBLIC_URL, outboundWebhooksAllowPrivate: true }),
      clock,
      pollMs: 0,
    });
  });
  afterAll(async () => {
    await runner.stop();
    await receiver.stop();
    await app.close();
    await database.dispose();
  });

  async function createHook(format: string, path: string) {
    const res = await admin.request('POST', '/api/v1/webhooks/outbound', {
      name: `${format} hook`,
      format,
      url: receiver.url(path),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string };
  }
  const setActive = (id: string, active: boolean) =>
    admin.request('PATCH', `/api/v1/webhooks/outbound/${id}`, { active });
  const giveKudos = (message: string) =>
    admin.request('POST', '/api/v1/recognition/kudos', {
      recipientIds: [org.people.employee.id],
      kind: 'effort',
      message,
      valueTags: ['Owned the problem'],
    });
  const deliveries = async (id: string) =>
    (await admin.request('GET', `/api/v1/webhooks/outbound/${id}/deliveries`)).json().items;

  it('posts a wall story signed with HMAC, retrying with backoff until the receiver takes it', async () => {
    const hook = await createHook('generic', '/generic');
    receiver.script['/generic'] = [500, 503];
    expect((await giveKudos('Rebuilt the rota overnight')).statusCode).toBe(201);

    await runner.runDueNow();
    expect(receiver.received.filter((r) => r.path === '/generic')).toHaveLength(1);
    // Not again before the backoff has passed…
    clock.advance(backoffMs(1) - 1000);
    await runner.runDueNow();
    expect(receiver.received.filter((r) => r.path === '/generic')).toHaveLength(1);
    const [pending] = await deliveries(hook.id);
    expect(pending).toMatchObject({
      status: 'pending',
      attempts: 1,
      responseStatus: 500,
      lastError: 'HTTP 500',
    });
    // …then once per backoff step.
    clock.advance(1000);
    await runner.runDueNow();
    clock.advance(backoffMs(2));
    await runner.runDueNow();
    const calls = receiver.received.filter((r) => r.path === '/generic');
    expect(calls).toHaveLength(3);

    for (const call of calls) {
      const timestamp = String(call.headers['x-serviceloop-timestamp']);
      const expected = `sha256=${createHmac('sha256', hook.secret).update(`${timestamp}.${call.body}`).digest('hex')}`;
      expect(call.headers['x-serviceloop-signature']).toBe(expected);
      expect(call.headers['x-serviceloop-event']).toBe('wall.story');
    }
    // The same delivery id on every retry, so the receiver can drop duplicates.
    expect(new Set(calls.map((c) => c.headers['x-serviceloop-delivery'])).size).toBe(1);
    const body = JSON.parse(calls[2]?.body ?? '{}');
    expect(body).toMatchObject({
      event: 'wall.story',
      organisation: `Org ${org.slug}`,
      story: {
        type: 'kudos',
        headline: 'Admin Person recognised Employee Person for effort',
        text: 'Rebuilt the rota overnight',
        valueTags: ['Owned the problem'],
        url: `${PUBLIC_URL}/recognition/wall`,
      },
    });
    const [delivered] = await deliveries(hook.id);
    expect(delivered).toMatchObject({
      status: 'delivered',
      attempts: 3,
      responseStatus: 200,
      lastError: null,
    });
    // A wrong secret would not verify.
    const forged = `sha256=${createHmac('sha256', 'not-the-secret').update(`x.${calls[0]?.body}`).digest('hex')}`;
    expect(forged).not.toBe(calls[0]?.headers['x-serviceloop-signature']);
    await setActive(hook.id, false);
  });

  it('switching a webhook off ends its pending deliveries as failed, saying why, and sends nothing', async () => {
    const hook = await createHook('generic', '/switched-off');
    await giveKudos('Stayed late for a customer');
    const [queued] = await deliveries(hook.id);
    expect(queued).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await setActive(hook.id, false)).statusCode).toBe(200);
    await runner.runDueNow();
    expect(receiver.received.filter((r) => r.path === '/switched-off')).toHaveLength(0);
    const [stopped] = await deliveries(hook.id);
    expect(stopped).toMatchObject({ status: 'failed', attempts: 0, lastError: SWITCHED_OFF });
  });

  it('gives up after the last attempt, marking the delivery failed and dead-lettering the job', async () => {
    const hook = await createHook('generic', '/down');
    receiver.script['/down'] = Array(MAX_DELIVERY_ATTEMPTS + 2).fill(502);
    await giveKudos('Covered two shifts');
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS + 1; attempt++) {
      await runner.runDueNow();
      clock.advance(backoffMs(attempt));
    }
    expect(receiver.received.filter((r) => r.path === '/down')).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    const [failed] = await deliveries(hook.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_DELIVERY_ATTEMPTS, responseStatus: 502 });
    const dead = (await admin.request('GET', '/api/v1/jobs/dead')).json();
    expect(JSON.stringify(dead)).toContain('outbound-webhook');
    await setActive(hook.id, false);
  });

  it('speaks Slack’s and Microsoft Teams’ incoming-webhook formats', async () => {
    const slack = await createHook('slack', '/slack');
    const teams = await createHook('teams', '/teams');
    await giveKudos('Calmed an <angry> caller & fixed it');
    await runner.runDueNow();
    const slackBody = JSON.parse(receiver.received.find((r) => r.path === '/slack')?.body ?? '{}');
    expect(slackBody.text).toBe(
      'Admin Person recognised Employee Person for effort: Calmed an <angry> caller & fixed it',
    );
    expect(slackBody.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '>Calmed an &lt;angry&gt; caller &amp; fixed it' },
    });
    expect(slackBody.blocks[2].elements[0].text).toContain(`<${PUBLIC_URL}/recognition/wall|`);
    const teamsBody = JSON.parse(receiver.received.find((r) => r.path === '/teams')?.body ?? '{}');
    expect(teamsBody.type).toBe('message');
    const card = teamsBody.attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.body.map((b: { text: string }) => b.text)).toEqual([
      'Admin Person recognised Employee Person for effort',
      'Calmed an <angry> caller & fixed it',
      'Owned the problem',
    ]);
    expect(card.content.actions[0]).toMatchObject({
      type: 'Action.OpenUrl',
      url: `${PUBLIC_URL}/recognition/wall`,
    });
    for (const hook of [slack, teams])
      expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });

    const test = await admin.request('POST', `/api/v1/webhooks/outbound/${slack.id}/test`);
    expect(test.statusCode, test.body).toBe(202);
    await runner.runDueNow();
    expect(
      receiver.received.filter((r) => r.path === '/slack').map((r) => JSON.parse(r.body).text),
    ).toContain('Serviceloop test message: If you can read this, wall stories will arrive here.');
  });

  it('is managed by admins only, with http(s) URLs only', async () => {
    const employee = await signInAs(app, org.people.employee.email, TEST_PASSWORD);
    expect((await employee.request('GET', '/api/v1/webhooks/outbound')).statusCode).toBe(403);
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'not a url'])
      expect(
        (await admin.request('POST', '/api/v1/webhooks/outbound', { name: 'x', format: 'generic', url }))
          .statusCode,
        url,
      ).toBe(400);
    const hook = await createHook('generic', '/rotated');
    const rotated = await admin.request('PATCH', `/api/v1/webhooks/outbound/${hook.id}`, {
      rotateSecret: true,
    });
    expect(rotated.json().secret).not.toBe(hook.secret);
    expect((await admin.request('DELETE', `/api/v1/webhooks/outbound/${hook.id}`)).statusCode).toBe(204);
    expect((await admin.request('GET', `/api/v1/webhooks/outbound/${hook.id}`)).statusCode).toBe(404);
  });
});

describe.each(DATABASE_KINDS)(
  'outbound webhook targets on %s, private targets not allowed (the default)',
  (kind) => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let org: SeededOrg;
    let admin: Session;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let runner: JobRunner;

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      ({ app } = await buildTestApp(database));
      org = await seedOrg(database.db);
      admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
      receiver = await startReceiver();
      runner = startJobRunner({
        db: database.db,
        handlers: outboundWebhookHandlers({ publicUrl: PUBLIC_URL }),
        clock: movableClock(new Date(Date.now() + 1000)),
        pollMs: 0,
      });
    });
    afterAll(async () => {
      await runner.stop();
      await receiver.stop();
      await app.close();
      await database.dispose();
    });

    const create = (url: string) =>
      admin.request('POST', '/api/v1/webhooks/outbound', { name: 'Chat', format: 'slack', url });

    it('refuses loopback, private and metadata URLs at create and update, and lets a public one through', async () => {
      for (const url of [
        'https://127.0.0.1/hook',
        'https://localhost/hook',
        'https://[::1]/hook',
        'https://[::ffff:127.0.0.1]/hook',
        'https://10.1.2.3/hook',
        'https://192.168.0.10/hook',
        'https://169.254.169.254/latest/meta-data/',
        'https://[fd00::1]/hook',
        'https://0.0.0.0/hook',
        'http://203.0.113.10/hook',
      ]) {
        const res = await create(url);
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error.details.issues[0].path, url).toBe('body.url');
      }
      expect((await create('https://localhost/hook')).json().error.message).toMatch(
        /points to .*a loopback address.*OUTBOUND_WEBHOOKS_ALLOW_PRIVATE/,
      );
      const publicHook = await create('https://203.0.113.10/hook');
      expect(publicHook.statusCode, publicHook.body).toBe(201);
      const moved = await admin.request('PATCH', `/api/v1/webhooks/outbound/${publicHook.json().id}`, {
        url: 'https://169.254.169.254/latest/meta-data/',
      });
      expect(moved.statusCode).toBe(400);
      expect(
        (await admin.request('GET', `/api/v1/webhooks/outbound/${publicHook.json().id}`)).json().url,
      ).toBe('https://203.0.113.10/hook');
      await admin.request('DELETE', `/api/v1/webhooks/outbound/${publicHook.json().id}`);
    });

    it('records a delivery to a name that resolves to loopback as failed, without sending or retrying', async () => {
      // Saved before the guard, or while private targets were allowed.
      const id = uuidv7();
      const url = receiver.url('/internal').replace('http://127.0.0.1', 'https://localhost');
      await database.db
        .insert(outboundWebhooks)
        .values({ orgId: org.orgId, id, name: 'Old chat', format: 'generic', url, secret: 's'.repeat(32) });
      expect((await admin.request('POST', `/api/v1/webhooks/outbound/${id}/test`)).statusCode).toBe(202);
      await runner.runDueNow();
      await runner.runDueNow();
      expect(receiver.received).toHaveLength(0);
      const [delivery] = (await admin.request('GET', `/api/v1/webhooks/outbound/${id}/deliveries`)).json()
        .items;
      expect(delivery).toMatchObject({ status: 'failed', attempts: 1, responseStatus: null });
      expect(delivery.lastError).toMatch(/^Not sent: The URL points to .*a loopback address/);
    });
  },
);
