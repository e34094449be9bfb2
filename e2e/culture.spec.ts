import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { apiCall, inviteAndSignIn, newPage, signInAsAdmin, visible } from './support/page.ts';
import { demoServer, type RunningServer } from './support/server.ts';

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

describe('culture pulse', () => {
  test('an employee answers a pulse, and their manager sees that too few answered to show anything', async () => {
    const admin = await newPage(browser, server);
    await signInAsAdmin(admin);
    const nonce = Date.now().toString(36);
    const team = await apiCall<{ id: string }>(admin, 'POST', '/api/v1/teams', {
      name: `Pulse crew ${nonce}`,
      kind: 'department',
    });
    const employee = await apiCall<{ id: string; email: string }>(admin, 'POST', '/api/v1/employees', {
      name: 'Pia Pulse',
      email: `pia.pulse.${nonce}@lakeside.example`,
      teamIds: [team.id],
    });
    const manager = await apiCall<{ id: string; email: string }>(admin, 'POST', '/api/v1/employees', {
      name: 'Manu Pulse',
      email: `manu.pulse.${nonce}@lakeside.example`,
      role: 'manager',
    });
    await apiCall(admin, 'PATCH', `/api/v1/teams/${team.id}`, { managerIds: [manager.id] });
    await apiCall(admin, 'POST', '/api/v1/culture/pulses', {
      title: `Crew pulse ${nonce}`,
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      audienceTeamIds: [team.id],
      constructs: ['strategy'],
    });

    // The employee answers with real radio groups, named by their statements.
    const page = await inviteAndSignIn(browser, server, admin, employee);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Culture pulse' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Culture pulse' }));
    const form = await visible(page.getByRole('form', { name: `Crew pulse ${nonce}` }));
    const groups = form.getByRole('radiogroup');
    const statements = (await groups.count()) - 1;
    expect(statements).toBeGreaterThanOrEqual(2);
    const send = form.getByRole('button', { name: 'Send my answers' });
    expect(await send.isDisabled()).toBe(true);
    for (let i = 0; i < statements; i++)
      await groups.nth(i).getByRole('radio', { name: 'Agree', exact: true }).check();
    await form
      .getByRole('radiogroup', { name: /recommend working here/ })
      .getByRole('radio', { name: '8', exact: true })
      .check();
    await form.getByLabel(/Anything else/).fill('Tell us sooner what customers said about the new tariff.');
    await send.click();
    await visible(page.getByText('Thank you: your answers are recorded anonymously.'));
    // Answered: it is no longer offered (the demo's own open pulse may still be).
    await form.waitFor({ state: 'detached' });

    // Their manager sees the pulse's results, but one answer is too few to show without exposing it.
    const managerPage = await inviteAndSignIn(browser, server, admin, manager);
    await managerPage.goto('/culture/pulse');
    const results = await visible(managerPage.getByRole('region', { name: 'Results' }));
    const chosen = await visible(results.getByLabel('Pulse', { exact: true }).first());
    expect(await chosen.inputValue()).toContain(`Crew pulse ${nonce}`);
    await visible(results.getByText(`Pulse crew ${nonce}`, { exact: true }).first());
    await visible(results.getByText('Not enough responses to protect anonymity').first());
    await admin.context().close();
    await page.context().close();
    await managerPage.context().close();
  });
});
