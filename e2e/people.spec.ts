import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { newPage, signInAsAdmin, visible } from './support/page.ts';
import { DEMO_ADMIN_EMAIL, demoServer, type RunningServer } from './support/server.ts';

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

async function openImportRoster(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import roster' }).click();
  await visible(page.getByRole('heading', { level: 1, name: 'Import roster' }));
}

async function searchPeople(page: Page, text: string): Promise<Locator> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'People', exact: true })
    .click();
  await visible(page.getByRole('heading', { level: 1, name: 'People' }));
  await page.getByLabel('Search').fill(text);
  return page.getByRole('table', { name: 'People' });
}

describe('people', () => {
  test('admin imports a roster and finds the new people', async () => {
    const page = await newPage(browser, server);
    await signInAsAdmin(page);
    await openImportRoster(page);

    const csv = [
      'email,name,preferred_name,role,start_date,department,team,active',
      'chidinma.eze@lakeside.example,Chidinma Eze,Chidi,employee,2025-02-03,Customer Care,Phone Support,true',
      'ines.beaumont@lakeside.example,Inès Beaumont,,manager,2024-11-18,Customer Care,Phone Support,true',
      'tomasz.wrobel@lakeside.example,Tomasz Wróbel,Tomek,employee,,,,',
    ].join('\n');
    await page.getByLabel('Roster CSV').fill(csv);
    await page.getByRole('button', { name: 'Check file' }).click();

    const checked = await visible(page.getByRole('status').filter({ hasText: 'to create' }));
    expect(await checked.textContent()).toContain('3 to create, 0 to update');
    expect(await page.getByRole('table', { name: 'Row errors' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Import 3 people' }).click();
    const imported = await visible(page.getByRole('status').filter({ hasText: 'created' }));
    expect(await imported.textContent()).toContain('3 created');

    const table = await searchPeople(page, 'Chidinma');
    await visible(table.getByRole('link', { name: 'Chidinma Eze' }));
    // The debounced search narrows the table to the one match.
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    await page.context().close();
  });

  test('a roster with a bad row shows the row error and imports nothing', async () => {
    const page = await newPage(browser, server);
    await signInAsAdmin(page);
    await openImportRoster(page);

    const csv = [
      'email,name,role',
      'hana.sato@lakeside.example,Hana Sato,employee',
      'not-an-email,Jonas Berg,employee',
      'rosa.delgado@lakeside.example,Rosa Delgado,leader',
    ].join('\n');
    await page.getByLabel('Roster CSV').fill(csv);
    await page.getByRole('button', { name: 'Check file' }).click();

    const errors = await visible(page.getByRole('table', { name: 'Row errors' }));
    const rows = errors.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().getByRole('cell').allTextContents();
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe('email');
    expect(await page.getByRole('button', { name: /^Import \d+/ }).count()).toBe(0);

    const table = await searchPeople(page, 'Hana Sato');
    await visible(page.getByText('Nobody matches'));
    expect(await table.count()).toBe(0);
    await page.context().close();
  });

  test('admin connects a helpdesk: the webhook list starts empty, then lists the new webhook', async () => {
    const page = await newPage(browser, server);
    await signInAsAdmin(page);
    await page.goto('/admin/webhooks');
    await visible(page.getByRole('heading', { level: 1, name: 'Helpdesk webhooks' }));
    await visible(page.getByText('No webhooks yet'));

    await page.getByRole('button', { name: 'Create webhook' }).first().click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Create webhook' }));
    // Nothing named yet: the form says so and creates nothing.
    await dialog.getByRole('button', { name: 'Create webhook' }).click();
    await visible(dialog.getByText('Name the webhook'));
    await dialog.getByLabel('Name').fill('Zendesk support');
    await dialog.getByRole('button', { name: 'Create webhook' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Zendesk support' }));

    await page.goto('/admin/webhooks');
    const table = await visible(page.getByRole('table', { name: 'Webhooks' }));
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().getByRole('cell').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['Zendesk support', 'Zendesk', 'Email', 'Active']);
    await page.context().close();
  });

  test('sign-in page is keyboard accessible and labelled', async () => {
    const page = await newPage(browser, server);
    await page.goto('/sign-in');
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in' }));

    const email = page.getByLabel('Email');
    const password = page.getByLabel(/^Password/);
    expect(await email.count()).toBe(1);
    expect(await password.count()).toBe(1);
    expect(await email.getAttribute('type')).toBe('email');

    // Tab order from the top: email, password, sign-in button, forgot-password link.
    const focused = page.locator(':focus');
    await page.keyboard.press('Tab');
    expect(await focused.getAttribute('id')).toBe(await email.getAttribute('id'));
    await page.keyboard.press('Tab');
    expect(await focused.getAttribute('id')).toBe(await password.getAttribute('id'));
    await page.keyboard.press('Tab');
    expect(await focused.getAttribute('type')).toBe('submit');
    expect((await focused.textContent())?.trim()).toBe('Sign in');
    await page.keyboard.press('Tab');
    expect((await focused.textContent())?.trim()).toBe('Forgot password?');

    // The form can be completed and submitted from the keyboard alone; wrong credentials show the API's message.
    await email.focus();
    await page.keyboard.type(DEMO_ADMIN_EMAIL);
    await page.keyboard.press('Tab');
    await page.keyboard.type('definitely-not-the-password');
    await page.keyboard.press('Enter');
    const alert = await visible(page.getByRole('alert'));
    expect((await alert.textContent())?.trim().length).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Forgot password?' }).press('Enter');
    await visible(page.getByRole('heading', { level: 1, name: 'Reset your password' }));
    await page.context().close();
  });
});
