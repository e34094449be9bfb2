import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { acceptInvitation, apiCall, eventually, newPage, signIn, visible } from './support/page.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, demoServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = demoServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface CaseSummary {
  id: string;
  status: string;
  outcome: string | null;
  owner: { id: string } | null;
  customer: { email: string | null } | null;
}

describe('close the loop', () => {
  test('manager follows up a detractor, grants a credit within their limit and marks the customer recovered', async () => {
    const admin = await newPage(browser, server);
    await signIn(admin, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);

    // A manager who serves customers in a team, invited by the admin.
    const teams = await apiCall<{ id: string; kind: string }[] | { items: { id: string; kind: string }[] }>(
      admin,
      'GET',
      '/api/v1/teams',
    );
    const team = (Array.isArray(teams) ? teams : teams.items).find((t) => t.kind === 'team');
    const manager = await apiCall<{ id: string }>(admin, 'POST', '/api/v1/employees', {
      name: 'Mia Follow-Up',
      email: 'mia.followup@lakeside.example',
      role: 'manager',
      teamIds: [team?.id],
    });
    await apiCall(admin, 'POST', `/api/v1/employees/${manager.id}/invitation`, {});

    // A detractor served by that manager: the response pipeline opens a case they own.
    const survey = await apiCall<{ id: string }>(admin, 'POST', '/api/v1/surveys', {
      kind: 'nps',
      name: 'E2E NPS',
    });
    await apiCall(admin, 'PATCH', `/api/v1/surveys/${survey.id}`, { status: 'active' });
    await apiCall(admin, 'POST', '/api/v1/responses', {
      surveyId: survey.id,
      score: 3,
      comment: 'The engineer never turned up and nobody called.',
      customer: { email: 'dana.detractor@example.com', name: 'Dana Detractor' },
      employeeIds: [manager.id],
      teamId: team?.id,
    });
    const opened = await eventually(async () => {
      const list = await apiCall<{ items: CaseSummary[] }>(
        admin,
        'GET',
        '/api/v1/cases?scope=all&status=any&limit=500',
      );
      return list.items.find((c) => c.customer?.email === 'dana.detractor@example.com');
    }, 'the case to open');
    expect(opened).toMatchObject({ status: 'new', owner: { id: manager.id } });

    // The manager accepts the invitation (the link is in the log: no SMTP configured) and signs in.
    const page = await acceptInvitation(browser, server, 'mia.followup@lakeside.example');

    // Their inbox shows the case; they open it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Cases' }));
    await (await visible(page.getByRole('link', { name: 'Dana Detractor' }))).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Case: Dana Detractor' }));
    await visible(page.getByText('The engineer never turned up and nobody called.', { exact: false }));

    // The follow-up call reaches the customer.
    const followUp = page.getByRole('form', { name: 'Log a contact' });
    await followUp.getByLabel('What was said').fill('Apologised; rebooked the visit for tomorrow morning.');
    await followUp.getByRole('button', { name: 'Log contact' }).click();
    await visible(page.getByText('Contacted', { exact: true }).first());

    // A credit within the manager's limit is granted on the spot.
    const goodwill = page.getByRole('form', { name: 'Record goodwill' });
    await goodwill.getByLabel(/^Amount/).fill('40');
    await goodwill.getByLabel('Description').fill('Credit for the missed visit');
    await goodwill.getByRole('button', { name: 'Record goodwill' }).click();
    await visible(page.getByRole('region', { name: 'Goodwill' }).getByText('approved', { exact: true }));

    // Resolved, customer recovered.
    const resolve = page.getByRole('form', { name: 'Resolve the case' });
    await resolve.getByLabel('Outcome').click();
    await page.getByRole('option', { name: 'Recovered' }).click();
    await resolve.getByRole('button', { name: 'Resolve case' }).click();
    await visible(page.getByText('Resolved', { exact: true }).first());

    const finished = await apiCall<CaseSummary & { goodwill: { status: string; amount: number }[] }>(
      page,
      'GET',
      `/api/v1/cases/${opened.id}`,
    );
    expect(finished).toMatchObject({ status: 'resolved', outcome: 'recovered' });
    expect(finished.goodwill).toEqual([expect.objectContaining({ status: 'approved', amount: 40 })]);
    const loyalty = await apiCall<{ status: string }>(
      page,
      'GET',
      `/api/v1/customers/${(finished as unknown as { customer: { id: string } }).customer.id}/loyalty`,
    );
    expect(loyalty.status).toBe('recovered');
    await page.context().close();
    await admin.context().close();
  });
});
