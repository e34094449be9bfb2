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

describe('internal customers', () => {
  test('an employee rates another team’s service, and the leader sees the matrix protect that one answer', async () => {
    const admin = await newPage(browser, server);
    await signInAsAdmin(admin);
    const nonce = Date.now().toString(36);
    const raters = await apiCall<{ id: string }>(admin, 'POST', '/api/v1/teams', {
      name: `Rater crew ${nonce}`,
      kind: 'department',
    });
    await apiCall(admin, 'POST', '/api/v1/teams', {
      name: `Parts desk ${nonce}`,
      kind: 'department',
    });
    const employee = await apiCall<{ id: string; email: string }>(admin, 'POST', '/api/v1/employees', {
      name: 'Rita Rater',
      email: `rita.rater.${nonce}@lakeside.example`,
      teamIds: [raters.id],
    });
    // The leader opens the round with the form: it starts today and asks the rater crew only.
    await admin.goto('/culture/internal-customers');
    const open = await visible(admin.getByRole('form', { name: 'Open a round' }));
    expect(await open.getByRole('button', { name: 'Open round' }).isDisabled()).toBe(true);
    await open.getByLabel('Title').fill(`Parts round ${nonce}`);
    const pick = async (label: string, team: string) => {
      await open.getByRole('combobox', { name: label }).click();
      await admin.keyboard.type(team);
      await admin.getByRole('option', { name: team }).click();
      await admin.keyboard.press('Escape');
    };
    await pick('Who is asked', `Rater crew ${nonce}`);
    await pick('Teams to be rated', `Parts desk ${nonce}`);
    await open.getByRole('button', { name: 'Open round' }).click();
    await visible(open.getByRole('status').filter({ hasText: 'Round opened.' }));

    const page = await inviteAndSignIn(browser, server, admin, employee);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Internal customers' })
      .click();
    await visible(page.getByRole('heading', { level: 1, name: 'Internal customers' }));
    const form = await visible(page.getByRole('form', { name: `Parts round ${nonce}` }));
    const send = form.getByRole('button', { name: 'Send my ratings' });
    expect(await send.isDisabled()).toBe(true);
    await form.getByRole('checkbox', { name: `Parts desk ${nonce}` }).check();
    await form
      .getByRole('radiogroup', { name: /recommend .*service to a colleague/ })
      .getByRole('radio', { name: '9', exact: true })
      .check();
    const statements = form
      .getByRole('radiogroup')
      .filter({ has: page.getByRole('radio', { name: 'Agree' }) });
    expect(await statements.count()).toBe(5);
    for (let i = 0; i < 5; i++)
      await statements.nth(i).getByRole('radio', { name: 'Agree', exact: true }).check();
    await send.click();
    await visible(page.getByText('Thank you: your ratings are recorded anonymously.'));
    await form.waitFor({ state: 'detached' });

    await admin.goto('/culture/internal-customers');
    const results = await visible(admin.getByRole('region', { name: 'Results' }));
    const chosen = await visible(results.getByLabel('Round', { exact: true }).first());
    expect(await chosen.inputValue()).toContain(`Parts round ${nonce}`);
    const quality = await visible(results.getByRole('table', { name: 'SERVQUAL means by provider' }));
    await visible(quality.getByText(`Parts desk ${nonce}`));
    await visible(quality.getByText('Not enough responses to protect anonymity'));
    await admin.context().close();
    await page.context().close();
  });
});
