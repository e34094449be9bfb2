import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signInAs, type TestApp } from '../test/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/databases.ts';
import { type SeededOrg, seedOrg, TEST_PASSWORD } from '../test/seed.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtp.ts';
import { createMailer } from './email.ts';

// Decoded body of a plain-text message (nodemailer uses quoted-printable for long lines).
const bodyOf = (raw: string) =>
  raw
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

describe('email over real SMTP', () => {
  let smtp: SmtpSink;
  let database: TestDatabase;
  let test: TestApp;
  let org: SeededOrg;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    database = await createTestDatabase('pglite');
    const mailer = createMailer({
      smtpUrl: smtp.url,
      from: 'Serviceloop <no-reply@serviceloop.test>',
      log: () => {},
    });
    test = await buildTestApp(database, mailer);
    org = await seedOrg(database.db);
  });
  afterAll(async () => {
    await test.app.close();
    await database.dispose();
    await smtp.stop();
  });

  it('invites a new employee by email; the emailed link sets their password and they can sign in', async () => {
    const admin = await signInAs(test.app, org.people.admin.email, TEST_PASSWORD);
    const created = await admin.request('POST', '/api/v1/employees', {
      name: 'Ines Pereira',
      email: 'ines.pereira@example.com',
      role: 'employee',
    });
    expect(created.statusCode).toBe(201);
    const invited = await admin.request('POST', `/api/v1/employees/${created.json().id}/invitation`);
    expect(invited.statusCode).toBe(202);

    const email = await smtp.waitFor((e) => e.to.includes('ines.pereira@example.com'));
    expect(email.from).toBe('no-reply@serviceloop.test');
    expect(email.data).toMatch(/Subject: You're invited to Serviceloop/);
    const token = /accept-invite\?token=([\w-]+)/.exec(bodyOf(email.data))?.[1];
    expect(token).toBeDefined();
    const accepted = await test.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/complete',
      payload: { token, password: 'my own passphrase' },
    });
    expect(accepted.statusCode).toBe(204);
    const me = await signInAs(test.app, 'ines.pereira@example.com', 'my own passphrase');
    expect((await me.request('GET', '/api/v1/auth/me')).json().employee.name).toBe('Ines Pereira');
  });
});
