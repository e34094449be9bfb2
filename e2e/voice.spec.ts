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

describe('voice of the customer', () => {
  test('leader builds an NPS survey, previews it in Spanish, activates it and gets its link', async () => {
    const page = await newPage(browser, server);
    await signInAsAdmin(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Surveys' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Surveys' }));

    await page.getByRole('button', { name: 'New survey' }).first().click();
    const dialog = await visible(page.getByRole('dialog', { name: 'New survey' }));
    await dialog.getByLabel('NPS').check();
    await dialog.getByLabel('Name').fill('After-visit NPS');
    await dialog.getByRole('button', { name: 'Create survey' }).click();

    await visible(page.getByRole('heading', { level: 1, name: 'After-visit NPS' }));
    const preview = page.getByRole('region', { name: 'Preview' });
    await visible(preview.getByText('How likely are you to recommend'));

    // The preview follows the chosen language, with real radio buttons for the score.
    await page.getByRole('radiogroup', { name: 'Preview language' }).getByText('ES', { exact: true }).click();
    await visible(preview.getByText('¿Qué probabilidad hay de que recomiende'));
    const scale = preview.getByRole('group', { name: /¿Qué probabilidad hay de que recomiende/ });
    expect(await scale.getByRole('radio').count()).toBe(11);
    await scale.getByRole('radio', { name: '9', exact: true }).check();
    expect(await scale.getByRole('radio', { name: '9', exact: true }).isChecked()).toBe(true);

    await page.getByRole('region', { name: 'Settings' }).getByLabel('Status').selectOption('active');
    await page.getByRole('button', { name: 'Save survey' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'All changes saved' }));
    await visible(page.getByText('Survey saved.'));

    await page.getByRole('tab', { name: 'Share' }).click();
    await page.getByRole('button', { name: 'Create shareable link' }).click();
    const link = await visible(page.getByRole('textbox', { name: 'Survey link' }));
    const url = await link.inputValue();
    expect(url).toMatch(/^https?:\/\/.+\/s\/\S+$/);
    const snippet = await page.getByRole('textbox', { name: 'Embed code' }).inputValue();
    expect(snippet).toContain(`<iframe src="${url}?embed=1"`);
    expect(snippet).toContain('loading="lazy"');

    const surveys = await apiCall<{ items: { name: string; status: string; linkUrl: string | null }[] }>(
      page,
      'GET',
      '/api/v1/surveys',
    );
    const saved = surveys.items.find((s) => s.name === 'After-visit NPS');
    expect(saved?.status).toBe('active');
    expect(saved?.linkUrl).toBe(url);
    await page.context().close();
  });

  test('responses list filters by score', async () => {
    const page = await newPage(browser, server);
    await signInAsAdmin(page);
    const survey = await apiCall<{ id: string }>(page, 'POST', '/api/v1/surveys', {
      kind: 'nps',
      name: 'Filter check NPS',
    });
    // Drafts take no answers: activate it first.
    await apiCall(page, 'PATCH', `/api/v1/surveys/${survey.id}`, { status: 'active' });
    await apiCall(page, 'POST', '/api/v1/responses', {
      surveyId: survey.id,
      score: 2,
      comment: 'Nobody called me back.',
      customer: { email: 'low.score@example.com', name: 'Lou Score' },
    });
    await apiCall(page, 'POST', '/api/v1/responses', {
      surveyId: survey.id,
      score: 10,
      comment: 'Fixed on the first visit.',
      customer: { email: 'high.score@example.com', name: 'Hy Score' },
    });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Responses' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Responses' }));
    await page.getByLabel('Survey').selectOption({ label: 'Filter check NPS' });
    const table = page.getByRole('table', { name: 'Responses' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(2);

    await page.getByLabel('Score group').selectOption({ label: 'Detractors (0–6)' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    const row = table.locator('tbody tr').first();
    await visible(row.getByText('Nobody called me back.'));
    // The score says what it means in words, not by colour alone.
    expect(await row.textContent()).toContain('2 · Detractor');
    expect(await table.getByText('Fixed on the first visit.').count()).toBe(0);
    await page.context().close();
  });

  test('a comment is analysed: the sentiment filter finds it, its theme phrases are highlighted', async () => {
    const page = await newPage(browser, server);
    await signInAsAdmin(page);
    const survey = await apiCall<{ id: string }>(page, 'POST', '/api/v1/surveys', {
      kind: 'nps',
      name: 'Text check NPS',
    });
    await apiCall(page, 'PATCH', `/api/v1/surveys/${survey.id}`, { status: 'active' });
    const unhappy = await apiCall<{ id: string }>(page, 'POST', '/api/v1/responses', {
      surveyId: survey.id,
      score: 3,
      comment: 'The engineer was friendly, but I waited two hours on hold and nobody called me back.',
      customer: { email: 'text.check@example.com', name: 'Tex Check' },
    });
    await apiCall(page, 'POST', '/api/v1/responses', {
      surveyId: survey.id,
      score: 10,
      comment: 'Brilliant service, thank you so much.',
      customer: { email: 'text.check2@example.com', name: 'Tex Happy' },
    });
    // Analysis runs as a background job after the response is stored.
    await expect
      .poll(
        async () =>
          (
            await apiCall<{ text?: { sentiment: string } | null }>(
              page,
              'GET',
              `/api/v1/responses/${unhappy.id}`,
            )
          ).text?.sentiment ?? 'pending',
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe('negative');

    await page.goto(`/responses?surveyId=${survey.id}`);
    const table = page.getByRole('table', { name: 'Responses' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(2);
    await page.getByLabel('Sentiment').selectOption({ label: 'Negative' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    await visible(table.getByText(/waited two hours/));

    await page.goto(`/responses/${unhappy.id}`);
    const comment = page.getByRole('region', { name: 'Comment' });
    await visible(comment.getByText('negative', { exact: false }).first());
    // The phrase that made a theme is highlighted, and the theme is named.
    expect(await comment.locator('mark').count()).toBeGreaterThan(0);
    expect(await comment.locator('mark').first().getAttribute('title')).toMatch(/^Theme: /);
    await page.context().close();
  });

  test('interactions list filters by channel and opens one', async () => {
    const page = await newPage(browser, server);
    await signInAsAdmin(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Interactions' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Interactions' }));
    const table = page.getByRole('table', { name: 'Interactions' });
    await visible(table.locator('tbody tr').first());

    await page.getByLabel('Channel').selectOption({ label: 'Chat' });
    // The filter is kept in the address, so the list can be shared.
    await expect
      .poll(() => new URL(page.url()).searchParams.get('channel'), { timeout: 10_000 })
      .toBe('chat');
    // The demo has thousands of interactions on every channel: wait for the old page to go.
    await expect
      .poll(
        async () => {
          const channels = await table.locator('tbody tr td:nth-child(2)').allTextContents();
          return channels.length > 0 && channels.every((text) => text.trim() === 'Chat');
        },
        { timeout: 10_000 },
      )
      .toBe(true);

    const first = table.locator('tbody tr').first();
    const customer = (await first.locator('td:nth-child(3)').textContent())?.trim() ?? '';
    expect(customer).not.toBe('');
    await first.locator('td:first-child a').click();

    await visible(page.getByRole('heading', { level: 1, name: `Chat interaction with ${customer}` }));
    const details = page.getByRole('region', { name: 'Details' });
    const customerLink = await visible(details.getByRole('link', { name: customer, exact: true }));
    expect(await customerLink.getAttribute('href')).toMatch(/^\/customers\/[0-9a-f-]{36}$/);
    await page.context().close();
  });
});
