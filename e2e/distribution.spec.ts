import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { newPage, signInAsAdmin, visible } from './support/page.ts';
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

describe('distribution', () => {
  test('leader sets a distribution rule and imports customers', async () => {
    const page = await newPage(browser, server);
    await signInAsAdmin(page);
    const nav = page.getByRole('navigation', { name: 'Main' });

    // A rule on a demo survey: phone calls, half of them.
    await nav.getByRole('link', { name: 'Surveys', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Surveys' }));
    await page
      .getByRole('table', { name: 'Surveys' })
      .getByRole('link', { name: 'After your visit or call' })
      .click();
    await visible(page.getByRole('heading', { level: 1, name: 'After your visit or call' }));
    await page.getByRole('tab', { name: 'Distribution' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Add distribution rule' }));
    await dialog.getByLabel('Name').fill('After phone calls');
    await dialog.getByRole('checkbox', { name: 'Phone' }).check();
    await dialog.getByRole('textbox', { name: /^Sampling/ }).fill('50');
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const rule = await visible(page.getByRole('listitem', { name: 'After phone calls' }));
    await visible(
      rule.getByText(
        'Emails phone customers one hour after the call, 50 % of them, at most once every 30 days, no reminder.',
      ),
    );

    // Import customers: a bad email first stops the whole file.
    await nav.getByRole('link', { name: 'Customers', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Customers' }));
    await page.getByRole('link', { name: 'Import customers' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Import customers' }));

    const header = 'external_id,name,email,segment,consent_email';
    const good = 'crm-e2e-2,Beatriz Okafor,beatriz.okafor@example.com,Premium,true';
    await page
      .getByLabel('Customers CSV')
      .fill([header, 'crm-e2e-1,Wendell Pratt,not-an-email,,true', good].join('\n'));
    await page.getByRole('button', { name: 'Check file' }).click();
    const errors = await visible(page.getByRole('table', { name: 'Row errors' }));
    const cells = await errors.locator('tbody tr').first().getByRole('cell').allTextContents();
    expect(cells[0]).toBe('2');
    expect(cells[1]).toBe('email');
    expect(cells[2]).toContain('not a valid email address');
    expect(await page.getByRole('button', { name: /^Import \d+/ }).count()).toBe(0);

    await page
      .getByLabel('Customers CSV')
      .fill([header, 'crm-e2e-1,Wendell Pratt,wendell.pratt@example.com,,true', good].join('\n'));
    await page.getByRole('button', { name: 'Check file' }).click();
    await visible(page.getByRole('status').filter({ hasText: '2 to create' }));
    await page.getByRole('button', { name: 'Import 2 customers' }).click();
    await visible(page.getByRole('status').filter({ hasText: '2 created' }));

    await page.getByRole('link', { name: 'Go to Customers' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Customers' }));
    await page.getByLabel('Search').fill('Wendell');
    const table = page.getByRole('table', { name: 'Customers' });
    await visible(table.getByRole('link', { name: 'Wendell Pratt' }));
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    await page.context().close();
  });
});
