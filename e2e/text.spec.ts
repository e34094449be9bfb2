import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { apiCall, newPage, signInAsAdmin, visible } from './support/page.ts';
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

describe('text analytics', () => {
  test('a manager labels a comment with a theme, sees it counted, and re-analyses every comment with progress', async () => {
    const page = await newPage(browser, server);
    await signInAsAdmin(page);
    const list = await apiCall<{ items: { id: string; comment: string | null }[] }>(
      page,
      'GET',
      '/api/v1/responses?limit=100',
    );
    const withComment = list.items.find((r) => r.comment && r.comment.length > 10);
    expect(withComment).toBeDefined();
    const themes = await apiCall<{ items: { key: string; name: string; labelled: number }[] }>(
      page,
      'GET',
      '/api/v1/text/themes',
    );
    // A theme nobody labelled yet in this run, so the count it shows afterwards is ours.
    const theme = themes.items.find((t) => t.key === 'facilities') ?? themes.items[0];
    const before = theme?.labelled ?? 0;

    await page.goto(`/responses/${withComment?.id}`);
    const panel = await visible(page.getByRole('region', { name: 'Your theme labels' }));
    await panel.getByRole('combobox', { name: 'Themes' }).click();
    await page.getByRole('option', { name: theme?.name }).click();
    await page.keyboard.press('Escape');
    await panel.getByRole('button', { name: 'Save labels' }).click();
    await visible(page.getByText('Theme labels saved.'));

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Comment themes' })
      .click();
    await visible(page.getByRole('heading', { level: 1, name: 'Comment themes' }));
    const row = await visible(page.getByRole('row', { name: new RegExp(`^${theme?.name}`) }));
    expect(Number(await row.getByRole('cell').nth(2).textContent())).toBe(before + 1);

    await page.getByRole('button', { name: 'Re-analyse all comments' }).click();
    const progress = page.getByRole('region', { name: 'Re-analyse comments' });
    await visible(progress.getByText(/^All \d+ comments analysed/), 60_000);
    await visible(progress.getByRole('progressbar', { name: 'Re-analysis progress' }));
    await page.context().close();
  });
});
