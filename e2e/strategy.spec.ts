import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { acceptInvitation, apiCall, newPage, signIn, visible } from './support/page.ts';
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

/** "N of M" acknowledged, as the leader's reach panel shows it for the newest announcement. */
async function acknowledgedInReach(page: Page): Promise<number> {
  await page.goto('/strategy?tab=announcements');
  const summary = await visible(page.getByText(/% acknowledged \(\d+ of \d+\)/));
  const match = /\((\d+) of (\d+)\)/.exec((await summary.textContent()) ?? '');
  return Number(match?.[1]);
}

describe('strategy', () => {
  test('a leader publishes a new first priority asking for acknowledgement; an employee acknowledges it and answers the quiz; the reach goes up', async () => {
    const leader = await newPage(browser, server);
    await signIn(leader, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);

    // An employee in a team, invited by the admin, before the priority is published.
    const stamp = Date.now().toString(36);
    const email = `sam.strategy.${stamp}@lakeside.example`;
    const teams = await apiCall<{ items: { id: string; kind: string }[] }>(leader, 'GET', '/api/v1/teams');
    const team = teams.items.find((t) => t.kind === 'team');
    const employee = await apiCall<{ id: string }>(leader, 'POST', '/api/v1/employees', {
      name: `Sam Strategy ${stamp}`,
      email,
      role: 'employee',
      teamIds: [team?.id],
    });
    await apiCall(leader, 'POST', `/api/v1/employees/${employee.id}/invitation`, {});

    // The leader adds a priority, moves it to the top and publishes it as a priority change.
    const priority = `Know every customer by name (${stamp})`;
    await leader.goto('/strategy?tab=edit');
    await visible(leader.getByRole('heading', { level: 1, name: 'Strategy' }));
    await leader.getByRole('button', { name: 'Add a priority' }).click();
    const count = await leader.getByRole('textbox', { name: /^Priority \d+$/ }).count();
    await leader.getByRole('textbox', { name: `Priority ${count}`, exact: true }).fill(priority);
    for (let i = count; i > 1; i--)
      await leader.getByRole('button', { name: `Move priority ${i} up` }).click();
    expect(await leader.getByRole('textbox', { name: 'Priority 1', exact: true }).inputValue()).toBe(
      priority,
    );
    await leader.getByRole('button', { name: 'Publish…' }).click();
    const dialog = await visible(leader.getByRole('dialog', { name: 'Publish this version' }));
    await dialog.getByLabel('What changed').fill('Knowing customers by name comes first.');
    await dialog.getByText('A priority change').click();
    const title = `Our new first priority (${stamp})`;
    await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
    expect(await dialog.getByRole('checkbox', { name: /Add a short quiz/ }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await visible(leader.getByText(/Version \d+ is published and announced\./));

    // Everyone reads it on the strategy page, first in the ranked list.
    await leader.getByRole('tab', { name: 'Our strategy' }).click();
    const ranked = await visible(leader.getByRole('region', { name: 'Our priorities, in order' }));
    expect(await ranked.getByRole('listitem').first().textContent()).toContain(priority);
    const before = await acknowledgedInReach(leader);

    // The employee accepts the invitation and signs in; their home page says the priority waits
    // for them, and leads to it.
    const page = await acceptInvitation(browser, server, email);
    const waiting = await visible(page.getByRole('region', { name: 'To acknowledge' }));
    await visible(waiting.getByText('1 waiting'));
    await waiting.getByRole('link', { name: title }).click();
    const card = await visible(page.getByRole('article', { name: title }));
    await visible(page.getByRole('tab', { name: /For you/, selected: true }));

    // The quiz: which customers we do not serve, and our first priority.
    const notServed = card.getByRole('group', { name: /Which customers do we not serve/ });
    await notServed.getByRole('checkbox', { name: 'Landlords wanting the cheapest call-out' }).check();
    await notServed.getByRole('checkbox', { name: 'Commercial estates over 50 sites' }).check();
    await card.getByRole('radio', { name: priority }).check();
    await card.getByRole('button', { name: 'Send my answers' }).click();
    await visible(card.getByText('2 of 2 right.'));
    await card.getByRole('button', { name: 'I have read and understood this' }).click();
    await visible(page.getByRole('article', { name: title }).getByText(/You acknowledged this on/));

    // Home has nothing waiting any more.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await visible(
      page
        .getByRole('region', { name: 'To acknowledge' })
        .getByText('You are up to date: nothing from the strategy waits for you.'),
    );

    // The leader sees the reach go up, and then the announcement on their own scorecard.
    expect(await acknowledgedInReach(leader)).toBe(before + 1);
    await visible(
      leader
        .getByRole('table')
        .getByText(/passed\)/)
        .first(),
    );
    const me = await apiCall<{ employee: { id: string } }>(leader, 'GET', '/api/v1/auth/me');
    await leader.goto(`/strategy/scorecard?person=${me.employee.id}&months=3`);
    await visible(leader.getByRole('heading', { level: 1, name: 'Leadership scorecard' }));
    const actions = await visible(leader.getByRole('region', { name: 'Visible actions by month' }));
    await actions.getByRole('button', { name: 'Show table' }).click();
    const published = await visible(actions.getByRole('row', { name: /^Announcements published/ }));
    expect(Number(await published.getByRole('cell').last().textContent())).toBeGreaterThanOrEqual(1);
    await leader.context().close();
    await page.context().close();
  });
});
