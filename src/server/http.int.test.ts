import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER_COLUMNS } from '../domains/people/roster-import.ts';
import { buildTestApp, type Session, signInAs } from '../test/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../test/seed.ts';

/**
 * Bad input never produces a 5xx, and every error reply has the one shape
 * `{"error":{"code","message"}}`, whatever the client sends.
 */

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SMALL_BODY_LIMIT = 2048;
// Up to 300 bodies per route, within about 25 s per database however many routes there are and
// however busy the machine is: each route gets an equal share of the time left.
const RUNS_PER_ROUTE = 300;
const MIN_RUNS_PER_ROUTE = 25;
const FUZZ_BUDGET_MS = 25_000;

function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json() as { error: { code: unknown; message: unknown } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(String(body.error.message).length).toBeGreaterThan(0);
}

/** The invariant the property test checks on every reply; returns why a reply breaks it, if it does. */
function whyBroken(res: LightMyRequestResponse): string | null {
  if (res.statusCode >= 500) return `status ${res.statusCode}`;
  if (res.statusCode < 300) return null;
  try {
    const body = res.json() as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string')
      return 'no error.code and error.message';
    return null;
  } catch {
    return 'not JSON';
  }
}

interface WriteRoute {
  method: string;
  /** The OpenAPI path, `{id}` and all. */
  path: string;
  /** The request body's JSON schema, to build bodies that get past the first checks. */
  schema: JsonSchema | undefined;
  public: boolean;
}

/** Values that have broken parsers and drivers elsewhere: NUL bytes, year 0, SQL wildcards, huge numbers. */
const nastyString = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '%',
  '_',
  '\\',
  "'; drop table employees; --",
  '0000-01-01',
  '2024-02-30',
  '9999-12-31',
  '-1',
  '1e309',
  'NaN',
  'null',
  'x@y.z',
  'all',
  'people:read',
  'admin',
  'department',
  'team',
  'sub_team',
  'Europe/Berlin',
  'EUR',
  'a'.repeat(300),
);
const text = (maxLength = 40) =>
  fc.oneof(fc.string({ maxLength }), nastyString, fc.string({ unit: 'binary', maxLength: 20 }));
const isoDate = fc.oneof(
  fc
    .date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('0000-01-01', '2024-02-29', '1970-01-01'),
);

const isoDateTime = fc.oneof(
  fc
    .date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '0026-09-22T08:27:13.710Z',
    '2024-06-01T12:00:00+14:00',
    '9999-12-31T23:59:59.999-12:00',
  ),
);

/** Real ids and emails of the seeded organisation, so generated bodies can get past "unknown id". */
interface Pool {
  ids: string[];
  emails: string[];
}

/** A roster CSV whose columns get plausible values (and sometimes nasty ones), to reach the import's writes. */
function rosterCsv(pool: Pool): fc.Arbitrary<string> {
  const byColumn: Record<string, fc.Arbitrary<string>> = {
    email: fc.oneof(fc.emailAddress(), fc.constantFrom(...pool.emails)),
    name: text(20),
    preferred_name: text(20),
    role: fc.constantFrom('admin', 'Leader', 'manager', 'employee', '', 'pilot'),
    start_date: fc.oneof(isoDate, text(10)),
    department: fc.constantFrom('Customer Care', 'customer care', 'Sales', 'Phone Support', '', '\u0000'),
    team: fc.constantFrom('Phone Support', 'Inside Sales', 'inside sales', 'Sales', '', 'a\u0000b'),
    active: fc.constantFrom('true', 'no', '1', '', 'maybe'),
    extra: text(10),
  };
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return fc
    .subarray([...ROSTER_COLUMNS, 'extra'], { minLength: 1 })
    .chain((columns) =>
      fc.tuple(
        fc.constant(columns),
        fc.array(fc.tuple(...columns.map((c) => byColumn[c] ?? text())), { maxLength: 5 }),
        fc.boolean(),
      ),
    )
    .map(([columns, rows, lenient]) =>
      [columns, ...rows].map((r) => r.map((v) => (lenient ? v : quote(v))).join(',')).join('\n'),
    );
}

interface JsonSchema {
  type?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  format?: string;
  maxLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
}

/** Values that mostly satisfy the route's OpenAPI schema, so they reach the services and the database. */
function fromSchema(schema: JsonSchema, pool: Pool, name = ''): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => fromSchema(s, pool, name)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      return fc.record(Object.fromEntries(properties.map(([key, s]) => [key, fromSchema(s, pool, key)])), {
        requiredKeys: schema.required ?? [],
      });
    }
    case 'array':
      return fc.array(fromSchema(schema.items ?? {}, pool, name), {
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'string':
      if (name === 'csv') return rosterCsv(pool);
      if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...pool.ids), fc.uuid());
      if (schema.format === 'email') return fc.oneof(fc.emailAddress(), fc.constantFrom(...pool.emails));
      if (schema.format === 'date') return isoDate;
      if (schema.format === 'date-time') return isoDateTime;
      if (name === 'scopes') return fc.constantFrom('all', 'people:read', 'audit:read', 'nope');
      return text(schema.maxLength === undefined ? 40 : Math.min(schema.maxLength + 1, 60));
    case 'integer':
      return fc.integer({ min: (schema.minimum ?? 0) - 1, max: (schema.maximum ?? 1000) + 1 });
    case 'number':
      return fc.double();
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Anything at all, for one field of an otherwise plausible body. */
const anyValue = fc.oneof(
  text(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A request payload, always sent as application/json: plausible, broken, or not JSON at all. */
function payloads(schema: JsonSchema | undefined, pool: Pool): fc.Arbitrary<string | undefined> {
  const shaped = schema ? fromSchema(schema, pool) : fc.constant({});
  const keys = Object.keys(schema?.properties ?? {});
  const mutated = fc
    .tuple(shaped, fc.constantFrom(...keys, 'extra', '__proto__', 'constructor'), anyValue)
    .map(([body, key, value]) =>
      body && typeof body === 'object' && !Array.isArray(body) ? { ...body, [key]: value } : body,
    );
  return fc.oneof(
    { arbitrary: shaped.map((v) => JSON.stringify(v)), weight: 5 },
    { arbitrary: mutated.map((v) => JSON.stringify(v)), weight: 2 },
    { arbitrary: fc.anything().map((v) => JSON.stringify(v)), weight: 1 },
    { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 1 },
    { arbitrary: fc.oneof(fc.string(), fc.string({ unit: 'binary' })), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        '',
        '{',
        '[',
        '{"a":}',
        'null',
        '"x"',
        '{"__proto__":{"polluted":1}}',
        '\u0000',
      ),
      weight: 1,
    },
  );
}

describe.each(DATABASE_KINDS)('HTTP edges on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let small: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;

  const countEmployees = async () =>
    ((await admin.request('GET', '/api/v1/employees?limit=500')).json() as { items: unknown[] }).items.length;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await buildTestApp(database));
    ({ app: small } = await buildTestApp(database, undefined, { bodyLimitBytes: SMALL_BODY_LIMIT }));
    org = await seedOrg(database.db);
    admin = await signInAs(app, org.people.admin.email, TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await small.close();
    await database.dispose();
  });

  const json = (method: 'POST' | 'PATCH', url: string, payload: string, contentType = 'application/json') =>
    app.inject({
      method,
      url,
      payload,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': contentType },
    });

  it('answers malformed JSON with 400 INVALID', async () => {
    expectError(await json('POST', '/api/v1/teams', '{"name": "Half'), 400, 'INVALID');
    expectError(await json('POST', '/api/v1/auth/sign-in', '{"email":'), 400, 'INVALID');
    expectError(await json('POST', '/api/v1/teams', ''), 400, 'INVALID');
  });

  it('answers wrong types, unknown fields and missing fields with 400 INVALID naming the field', async () => {
    const wrongType = await admin.request('POST', '/api/v1/teams', { name: 42, kind: 'department' });
    expectError(wrongType, 400, 'INVALID');
    expect(wrongType.json().error.details.issues[0].path).toBe('body.name');

    const unknown = await admin.request('POST', '/api/v1/teams', {
      name: 'Sales',
      kind: 'department',
      colour: 'red',
    });
    expectError(unknown, 400, 'INVALID');
    expect(unknown.json().error.message).toContain('colour');

    const missing = await admin.request('POST', '/api/v1/employees', { name: 'No Email' });
    expectError(missing, 400, 'INVALID');
    expect(missing.json().error.details.issues[0].path).toBe('body.email');

    expectError(await admin.request('PATCH', '/api/v1/organisation', []), 400, 'INVALID');
    expectError(await admin.request('GET', '/api/v1/employees?limit=0'), 400, 'INVALID');
    expectError(await admin.request('GET', '/api/v1/employees?sort=name'), 400, 'INVALID');
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE and writes nothing', async () => {
    const before = await countEmployees();
    const res = await small.inject({
      method: 'POST',
      url: '/api/v1/employees',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: { name: 'x'.repeat(SMALL_BODY_LIMIT), email: 'big@example.com' },
    });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    // Public routes too, before anyone is known.
    const signIn = await small.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: org.people.admin.email, password: 'p'.repeat(SMALL_BODY_LIMIT) },
    });
    expectError(signIn, 413, 'PAYLOAD_TOO_LARGE');
    expect(await countEmployees()).toBe(before);
  });

  it('refuses an unsupported content type with 415', async () => {
    const xml = await json('POST', '/api/v1/teams', '<team name="Sales"/>', 'application/xml');
    expectError(xml, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const form = await json(
      'POST',
      '/api/v1/auth/sign-in',
      'email=a&password=b',
      'application/x-www-form-urlencoded',
    );
    expectError(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an id that is not a UUID with 400', async () => {
    expectError(await admin.request('GET', '/api/v1/employees/42'), 400, 'INVALID');
    expectError(await admin.request('PATCH', '/api/v1/teams/not-a-uuid', { name: 'x' }), 400, 'INVALID');
    expectError(await admin.request('DELETE', `/api/v1/api-keys/${uuidv7()}x`), 400, 'INVALID');
    expectError(await admin.request('GET', '/api/v1/employees/%00/memberships'), 400, 'INVALID');
  });

  it('answers an unknown API route with 404 NOT_FOUND as JSON', async () => {
    expectError(await admin.request('GET', '/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expectError(await admin.request('POST', '/api/v1/nothing-here', { a: 1 }), 404, 'NOT_FOUND');
    expectError(await admin.request('DELETE', '/api/v1/employees'), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: '/api/nothing' }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: '/api/v1/nothing' }), 404, 'NOT_FOUND');
  });

  it('refuses a bad pagination cursor with 400 INVALID', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const cursors = ['garbage', b64({}), b64({ k: 'a', id: 'not-a-uuid' }), b64('text'), '%00'];
    for (const cursor of cursors) {
      const url = `?cursor=${encodeURIComponent(cursor)}`;
      expectError(await admin.request('GET', `/api/v1/employees${url}`), 400, 'INVALID');
      expectError(await admin.request('GET', `/api/v1/audit-events${url}`), 400, 'INVALID');
    }
    // Well-formed, but its sort key is no timestamp.
    const notADate = b64({ k: 'yesterday', id: uuidv7() });
    expectError(await admin.request('GET', `/api/v1/audit-events?cursor=${notADate}`), 400, 'INVALID');
  });

  it('reports bad roster rows line by line with 200 and writes nothing', async () => {
    const before = await countEmployees();
    const rows = [
      'email,name,role,start_date,department,team,active',
      'new.person@example.com,New Person,employee,2024-01-15,Sales,Inside Sales,true',
      'not-an-email,Bad Email,employee,,,,',
      'second@example.com,,manager,,,,',
      'third@example.com,Third,pilot,2024-13-01,,,maybe',
      'new.person@example.com,Duplicate,employee,,,,',
    ];
    const res = await admin.request('POST', '/api/v1/roster/import', { csv: rows.join('\n'), dryRun: false });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as {
      ok: boolean;
      created: number;
      errors: { row: number; field: string | null }[];
    };
    expect(report.ok).toBe(false);
    expect(report.created).toBe(0);
    const problems = report.errors.map((e) => `${e.row}:${e.field}`);
    expect(problems).toEqual(
      expect.arrayContaining(['3:email', '4:name', '5:role', '5:start_date', '5:active', '6:email']),
    );
    expect(problems.some((p) => p.startsWith('2:'))).toBe(false);
    expect(await countEmployees()).toBe(before);

    const unclosed = await admin.request('POST', '/api/v1/roster/import', {
      csv: 'email,name\n"a@example.com,A',
      dryRun: false,
    });
    expect(unclosed.statusCode).toBe(200);
    expect(unclosed.json()).toMatchObject({ ok: false, errors: [{ field: null }] });
    const noColumns = await admin.request('POST', '/api/v1/roster/import', {
      csv: 'mail\nx@y.z',
      dryRun: false,
    });
    expect(noColumns.json()).toMatchObject({ ok: false });
    expect(await countEmployees()).toBe(before);
  });

  it('answers a duplicate employee email with 409 CONFLICT, in any letter case', async () => {
    const existing = org.people.manager.email;
    expectError(
      await admin.request('POST', '/api/v1/employees', { name: 'Twin', email: existing }),
      409,
      'CONFLICT',
    );
    const upper = await admin.request('POST', '/api/v1/employees', {
      name: 'Twin',
      email: existing.toUpperCase(),
    });
    expectError(upper, 409, 'CONFLICT');
    const renamed = await admin.request('PATCH', `/api/v1/employees/${org.people.employee.id}`, {
      email: existing,
    });
    expectError(renamed, 409, 'CONFLICT');
    expect(renamed.json().error.details).toEqual({ field: 'email' });
  });

  it('refuses text PostgreSQL cannot store (NUL, unpaired surrogates) anywhere in the input with 400', async () => {
    const nul = 'a\u0000b';
    expectError(
      await admin.request('POST', '/api/v1/teams', { name: nul, kind: 'department' }),
      400,
      'INVALID',
    );
    expectError(await admin.request('PATCH', '/api/v1/organisation', { name: nul }), 400, 'INVALID');
    expectError(
      await admin.request('POST', '/api/v1/api-keys', { name: nul, scopes: ['all'] }),
      400,
      'INVALID',
    );
    expectError(await admin.request('GET', '/api/v1/employees?q=%00'), 400, 'INVALID');
    // An unpaired surrogate is valid JSON but not storable text (jsonb audit details refuse it).
    expectError(
      await json('POST', '/api/v1/api-keys', '{"name":"\\ud800","scopes":["all"]}'),
      400,
      'INVALID',
    );
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: `${nul}@example.com`, password: 'whatever it is' },
    });
    expectError(signIn, 400, 'INVALID');
    const roster = await admin.request('POST', '/api/v1/roster/import', {
      csv: `email,name\nnul@example.com,${nul}`,
      dryRun: false,
    });
    expectError(roster, 400, 'INVALID');
    // A deeply nested body is still answered, not a stack overflow.
    const deep = await json('POST', '/api/v1/teams', `${'['.repeat(5000)}"\\u0000"${']'.repeat(5000)}`);
    expect(deep.statusCode).toBe(400);
  });

  it('refuses a date PostgreSQL cannot store (year 0) with 400, in the API and in a roster', async () => {
    const res = await admin.request('POST', '/api/v1/employees', {
      name: 'Year Zero',
      email: 'year.zero@example.com',
      startDate: '0000-01-01',
    });
    expectError(res, 400, 'INVALID');
    const roster = await admin.request('POST', '/api/v1/roster/import', {
      csv: 'email,name,start_date\nyear.zero@example.com,Year Zero,0000-06-01',
      dryRun: false,
    });
    expect(roster.json()).toMatchObject({ ok: false, errors: [{ row: 2, field: 'start_date' }] });
  });

  it('changes only the fields a PATCH names: no PATCH body schema has defaults', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
      >;
    };
    const defaulted = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods.patch?.requestBody?.content?.['application/json']?.schema?.properties ?? {})
        .filter(([, property]) => 'default' in property)
        .map(([name]) => `PATCH ${path} ${name}`),
    );
    expect(defaulted, 'a default in a PATCH body overwrites what the client did not send').toEqual([]);

    await admin.request('PATCH', '/api/v1/organisation', { timeZone: 'Asia/Tokyo', currency: 'JPY' });
    const renamed = await admin.request('PATCH', '/api/v1/organisation', { name: 'Renamed Org' });
    expect(renamed.json()).toMatchObject({ name: 'Renamed Org', timeZone: 'Asia/Tokyo', currency: 'JPY' });
    const unchanged = await admin.request('PATCH', '/api/v1/organisation', {});
    expect([unchanged.statusCode, unchanged.json()]).toEqual([200, renamed.json()]);
  });

  it('sends security headers on the web app and the API', async () => {
    for (const url of ['/', '/api/health']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp, url).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(Boolean(res.headers['x-frame-options']) || /frame-ancestors '(none|self)'/.test(csp), url).toBe(
        true,
      );
    }
  });

  it('reports the database kind and schema version on /api/health, and serves the API docs', async () => {
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ status: 'ok', database: kind });
    expect(health.json().schemaVersion).toBeGreaterThanOrEqual(1);
    const docs = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
  });

  it('never answers 5xx to random bodies on any write route, and always explains errors', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          { security?: unknown[]; requestBody?: { content?: Record<string, { schema?: unknown }> } }
        >
      >;
    };
    const routes: WriteRoute[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => WRITE_METHODS.has(method.toUpperCase()))
        .map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          schema: op.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined,
          public: Array.isArray(op.security) && op.security.length === 0,
        })),
    );
    expect(routes.some((r) => r.path === '/api/v1/auth/sign-in')).toBe(true);
    expect(routes.length).toBeGreaterThan(10);

    // Real targets for `{id}`, so bodies reach the services. The person and key exist only to be
    // fuzzed; signing out ends a session, so those routes get one of their own.
    const target = await admin.request('POST', '/api/v1/employees', {
      name: 'Fuzz Target',
      email: 'fuzz@example.com',
    });
    const key = await admin.request('POST', '/api/v1/api-keys', { name: 'Fuzz', scopes: ['people:read'] });
    const idFor: Record<string, string> = {
      employees: (target.json() as { id: string }).id,
      teams: org.team,
      'api-keys': (key.json() as { apiKey: { id: string } }).apiKey.id,
    };
    const pool: Pool = {
      ids: [org.team, org.department, ...Object.values(idFor), org.people.employee.id],
      emails: ['fuzz@example.com', 'FUZZ@example.com', org.people.employee.email],
    };
    const leaver = await signInAs(app, org.people.manager.email, TEST_PASSWORD);

    const broken: string[] = [];
    const statuses: Record<string, Record<number, number>> = {};
    const deadline = Date.now() + FUZZ_BUDGET_MS;
    for (const [index, route] of routes.entries()) {
      const url = route.path.replace(/\/([\w-]+)\/\{\w+\}/g, (_, collection: string) => {
        return `/${collection}/${idFor[collection] ?? uuidv7()}`;
      });
      const session = route.path.includes('/sign-out') ? leaver : admin;
      const seen: Record<number, number> = {};
      statuses[`${route.method} ${route.path}`] = seen;
      const property = fc.asyncProperty(payloads(route.schema, pool), fc.nat(255), async (payload, host) => {
        const options: InjectOptions = {
          method: route.method as 'POST',
          url,
          headers: route.public
            ? { 'content-type': 'application/json' }
            : {
                cookie: session.cookie,
                'x-csrf-token': session.csrfToken,
                'content-type': 'application/json',
              },
          // Sign-in limits attempts per address; spread them so bodies reach the password check.
          remoteAddress: `10.1.2.${host}`,
          ...(payload === undefined ? {} : { payload }),
        };
        const res = await app.inject(options);
        seen[res.statusCode] = (seen[res.statusCode] ?? 0) + 1;
        const why = whyBroken(res);
        // Collected rather than thrown, so one run lists every route that breaks.
        if (why) broken.push(`${route.method} ${url} ${JSON.stringify(payload)}: ${why} ${res.body}`);
      });
      // A floor every route gets however slow the machine is, then as many more as the time allows.
      await fc.assert(property, { numRuns: MIN_RUNS_PER_ROUTE });
      await fc.assert(property, {
        numRuns: RUNS_PER_ROUTE - MIN_RUNS_PER_ROUTE,
        interruptAfterTimeLimit: Math.max(500, (deadline - Date.now()) / (routes.length - index)),
        markInterruptAsFailure: false,
      });
    }
    if (process.env.FUZZ_REPORT) console.info(statuses);
    expect(broken).toEqual([]);
    // The admin's session survived the run, so the bodies were tried as a signed-in admin.
    expect((await admin.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
  }, 120_000);
});
