import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../db/client.ts';
import { buildTestApp, withApiKey } from '../../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { type SeededOrg, seedOrg } from '../../test/seed.ts';
import { createApiKey } from '../auth/api-keys.service.ts';
import { resolveCustomers } from './customers.service.ts';

const interaction = (overrides: Record<string, unknown> = {}) => ({
  customer: { externalId: 'crm-1001', name: 'Rosa Moreau', email: 'rosa@example.com', locale: 'es' },
  channel: 'phone',
  occurredAt: '2026-11-20T10:15:00Z',
  externalRef: 'ticket-5521',
  ...overrides,
});

describe.each(DATABASE_KINDS)('customers and interactions on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: SeededOrg;
  let call: ReturnType<typeof withApiKey>;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    org = await seedOrg(database.db);
    const { key } = await createApiKey(org.system, { name: 'helpdesk', scopes: ['all'] });
    call = withApiKey(app, key);
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const count = async (table: string) =>
    (
      await query<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from ${sql.raw(table)} where org_id = ${org.orgId}`,
      )
    )[0]?.n;

  it('lists the segments in use with their customer counts, largest first, for this organisation only', async () => {
    for (const [name, segment] of [
      ['Seg A1', 'Households'],
      ['Seg A2', 'Households'],
      ['Seg B', 'Landlords'],
      ['Seg C', null],
    ] as const)
      expect(
        (await call('POST', '/api/v1/customers', { name, ...(segment ? { segment } : {}) })).statusCode,
      ).toBe(201);
    const other = await seedOrg(database.db);
    const { key } = await createApiKey(other.system, { name: 'other', scopes: ['all'] });
    await withApiKey(app, key)('POST', '/api/v1/customers', { name: 'Elsewhere', segment: 'Resellers' });
    const res = await call('GET', '/api/v1/customers/segments');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { segment: 'Households', customers: 2 },
        { segment: 'Landlords', customers: 1 },
      ],
    });
  });

  it('records an interaction, creating the customer and attributing the employee and their team', async () => {
    const res = await call(
      'POST',
      '/api/v1/interactions',
      interaction({ employeeEmails: [org.people.employee.email] }),
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      channel: 'phone',
      customerName: 'Rosa Moreau',
      employeeIds: [org.people.employee.id],
      teamId: org.team,
      externalRef: 'ticket-5521',
    });
    const customer = (await call('GET', `/api/v1/customers/${body.customerId}`)).json();
    expect(customer).toMatchObject({
      externalId: 'crm-1001',
      email: 'rosa@example.com',
      locale: 'es',
      consentEmail: true,
    });
  });

  it('stores one interaction however often a client retries with the same Idempotency-Key', async () => {
    const before = await count('interactions');
    const body = interaction({ externalRef: 'ticket-7000' });
    const requests = await Promise.all(
      Array.from({ length: 8 }, () =>
        call('POST', '/api/v1/interactions', body, { 'idempotency-key': 'retry-7000' }),
      ),
    );
    const ids = new Set(requests.map((r) => r.json().id));
    expect(ids.size).toBe(1);
    expect(requests.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(requests.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    expect(await count('interactions')).toBe((before ?? 0) + 1);

    const reused = await call('POST', '/api/v1/interactions', interaction({ externalRef: 'other' }), {
      'idempotency-key': 'retry-7000',
    });
    expect(reused.statusCode).toBe(409);
  });

  it('matches an existing customer by external id or email instead of creating another', async () => {
    const before = await count('customers');
    await call('POST', '/api/v1/interactions', interaction({ customer: { email: 'ROSA@example.com' } }));
    await call('POST', '/api/v1/interactions', interaction({ customer: { externalId: 'crm-1001' } }));
    expect(await count('customers')).toBe(before);
  });

  it('answers a batch per item: good items stored, bad ones explained, none lost', async () => {
    const before = await count('interactions');
    const res = await call('POST', '/api/v1/interactions/batch', {
      items: [
        { idempotencyKey: 'b-1', interaction: interaction({ externalRef: 'b-1' }) },
        { interaction: interaction({ channel: 'carrier pigeon' }) },
        { interaction: interaction({ employeeIds: ['01890000-0000-7000-8000-000000000000'] }) },
        { idempotencyKey: 'b-1', interaction: interaction({ externalRef: 'b-1' }) },
        { interaction: interaction({ customer: {} }) },
      ],
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      index: number;
      status: number;
      id?: string;
      error?: { code: string };
    }[];
    expect(items.map((i) => i.status)).toEqual([201, 400, 400, 200, 400]);
    expect(items[3]?.id).toBe(items[0]?.id);
    expect(items[2]?.error?.code).toBe('INVALID');
    expect(await count('interactions')).toBe((before ?? 0) + 1);
  });

  it('refuses more than 1,000 items in a batch', async () => {
    const items = Array.from({ length: 1001 }, () => ({ interaction: interaction() }));
    const res = await call('POST', '/api/v1/interactions/batch', { items });
    expect(res.statusCode).toBe(400);
  });

  it('lists interactions by employee, team, channel and time, newest first', async () => {
    await call(
      'POST',
      '/api/v1/interactions',
      interaction({
        channel: 'chat',
        occurredAt: '2026-11-21T09:00:00Z',
        employeeIds: [org.people.manager.id],
      }),
    );
    const byEmployee = (await call('GET', `/api/v1/interactions?employeeId=${org.people.manager.id}`)).json();
    expect(byEmployee.items.map((i: { channel: string }) => i.channel)).toEqual(['chat']);
    const chats = (await call('GET', '/api/v1/interactions?channel=chat&from=2026-11-21T00:00:00Z')).json();
    expect(chats.items).toHaveLength(1);
    const all = (await call('GET', '/api/v1/interactions?limit=500')).json().items as {
      occurredAt: string;
    }[];
    expect(all.map((i) => i.occurredAt)).toEqual([...all.map((i) => i.occurredAt)].sort().reverse());
  });

  it('never attaches another organisation’s customer, employee or team', async () => {
    const other = await seedOrg(database.db);
    const foreignCustomer = (await call('GET', '/api/v1/customers?limit=1')).json().items[0].id as string;
    const { key } = await createApiKey(other.system, { name: 'other', scopes: ['all'] });
    const otherCall = withApiKey(app, key);
    expect(
      (await otherCall('POST', '/api/v1/interactions', interaction({ customer: { id: foreignCustomer } })))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await otherCall(
          'POST',
          '/api/v1/interactions',
          interaction({ employeeIds: [org.people.employee.id] }),
        )
      ).statusCode,
    ).toBe(400);
    expect(
      (await otherCall('POST', '/api/v1/interactions', interaction({ teamId: org.team }))).statusCode,
    ).toBe(400);
    expect((await otherCall('GET', `/api/v1/customers/${foreignCustomer}`)).statusCode).toBe(404);
  });

  it('resolves a batch of references with one customer per distinct key, new and existing alike', async () => {
    const existing = await resolveCustomers(database.db, org.orgId, [
      { externalId: 'batch-old', name: 'Old Customer', email: 'old.customer@example.com' },
    ]);
    const oldId = existing[0]?.ok ? existing[0].value.id : '';
    expect(oldId).not.toBe('');
    const before = await count('customers');
    const outcomes = await resolveCustomers(database.db, org.orgId, [
      { email: 'New.Person@example.com', name: 'New Person' },
      { email: 'new.person@EXAMPLE.com' },
      { externalId: 'batch-new', name: 'By External Id' },
      { email: 'OLD.customer@example.com' },
      { id: oldId },
      { id: '00000000-0000-7000-8000-00000000dead' },
      // A new external id whose email is the old customer's: found by email, nothing created.
      { externalId: 'batch-other', email: 'old.customer@example.com' },
    ]);
    const ids = outcomes.map((o) => (o.ok ? o.value.id : null));
    expect(ids[0]).toBeTruthy();
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).toBeTruthy();
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids.slice(3, 5)).toEqual([oldId, oldId]);
    expect(outcomes[5]?.ok).toBe(false);
    expect(ids[6]).toBe(oldId);
    expect(outcomes[0]?.ok && outcomes[0].value.name).toBe('New Person');
    expect(await count('customers')).toBe((before ?? 0) + 2);
    // The same references again find what the first batch created.
    const again = await resolveCustomers(database.db, org.orgId, [
      { email: 'new.person@example.com' },
      { externalId: 'batch-new' },
    ]);
    expect(again.map((o) => (o.ok ? o.value.id : null))).toEqual([ids[0], ids[2]]);
    expect(await count('customers')).toBe((before ?? 0) + 2);
  });
});
