import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { signInAsAdmin, visible } from './support/page.ts';
import { demoServer, type RunningServer } from './support/server.ts';

// The demo organisation: six months of responses over three surveys, 13 teams, 4 channels.
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

async function signedInPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInAsAdmin(page);
  return page;
}

/** GET from the page with its session cookie. */
async function apiGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (path) => {
    const response = await fetch(path);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  }, path) as Promise<T>;
}

interface Estimate {
  metric: string;
  n: number;
  value: number | null;
  status: string;
}
interface Overview {
  scores: { metric: string; current: Estimate }[];
  volume: { byChannel: { channel: string | null; responses: number }[] };
}
interface Teams {
  periods: string[];
  teams: { teamId: string | null; name: string; series: { period: string; estimate: Estimate }[] }[];
}

const npsCard = (page: Page) => page.getByRole('region', { name: 'NPS score' });
const npsN = async (page: Page) => Number(await npsCard(page).locator('[data-score-n]').innerText());

/** Opens "Load more" until the drawer lists every response, then returns the listed ids. */
async function listedResponseIds(drawer: Locator): Promise<string[]> {
  const more = drawer.getByRole('button', { name: 'Load more' });
  for (let i = 0; i < 50 && (await more.isVisible()); i++) {
    const before = await drawer.getByRole('list', { name: 'Responses' }).getByRole('listitem').count();
    await more.click();
    await expect
      .poll(() => drawer.getByRole('list', { name: 'Responses' }).getByRole('listitem').count())
      .toBeGreaterThan(before);
  }
  const hrefs = await drawer
    .getByRole('list', { name: 'Responses' })
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((href) => href.replace('/responses/', ''));
}

describe('analytics dashboards', () => {
  test('leader opens the overview: score cards, a drawn trend chart and its text summary with numbers', async () => {
    const page = await signedInPage();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Organisation overview' }));

    const overview = await apiGet<Overview>(page, '/api/v1/analytics/overview');
    const nps = overview.scores.find((s) => s.metric === 'nps')?.current;
    expect(nps?.status).toBe('ok');
    await visible(npsCard(page));
    expect(await npsN(page)).toBe(nps?.n);
    const shown = await npsCard(page).locator('[data-score-value]').innerText();
    // Shown to one decimal.
    expect(Math.abs(Number(shown.replace('−', '-')) - (nps?.value ?? Number.NaN))).toBeLessThanOrEqual(
      0.050001,
    );

    const trend = page.getByRole('region', { name: 'Trend by month' });
    const chart = await visible(trend.getByRole('img', { name: 'Trend by month' }));
    await expect.poll(() => chart.locator('svg path').count()).toBeGreaterThan(5);
    const summary = await trend.locator('[data-chart-summary]').textContent();
    expect(summary).toMatch(/^NPS by month: /);
    // Every month of the demo's six with answers is in the summary with its value and n.
    expect(summary?.match(/\(n = \d+\)/g)?.length ?? 0).toBeGreaterThanOrEqual(5);

    // The same numbers as a table, for keyboards and screen readers.
    await trend.getByRole('button', { name: 'Show table' }).click();
    const table = await visible(trend.getByRole('table', { name: 'NPS by month' }));
    expect(await table.getByRole('row').count()).toBe(13);
    await page.context().close();
  });

  test('changing the channel filter changes the numbers, and the view is kept in the address', async () => {
    const page = await signedInPage();
    await page.goto('/analytics/dashboards');
    await visible(npsCard(page));
    const allChannels = await npsN(page);

    await page.getByLabel('Channel', { exact: true }).selectOption('phone');
    await expect.poll(() => page.url()).toContain('channel=phone');
    const overview = await apiGet<Overview>(page, '/api/v1/analytics/overview?channel=phone');
    const phone = overview.scores.find((s) => s.metric === 'nps')?.current.n;
    expect(phone).toBeGreaterThan(0);
    expect(phone).toBeLessThan(allChannels);
    await expect.poll(() => npsN(page)).toBe(phone);

    // A shared link opens the same view.
    await page.reload();
    await visible(npsCard(page));
    expect(await page.getByLabel('Channel', { exact: true }).inputValue()).toBe('phone');
    await expect.poll(() => npsN(page)).toBe(phone);

    // The filters travel to the other dashboard pages.
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Teams' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Team comparison' }));
    expect(page.url()).toContain('channel=phone');
    await page.context().close();
  });

  test('a team’s month drills down to exactly the responses behind the figure', async () => {
    const page = await signedInPage();
    await page.goto('/analytics/dashboards/teams');
    await visible(page.getByRole('heading', { level: 1, name: 'Team comparison' }));
    const teams = await apiGet<Teams>(page, '/api/v1/analytics/teams');
    const { items: allTeams } = await apiGet<{ items: { id: string; parentId: string | null }[] }>(
      page,
      '/api/v1/teams',
    );
    const parents = new Set(allTeams.map((t) => t.parentId));
    // A month of a team without sub-teams (the drill-down's team filter takes sub-teams in), with
    // more answers than one page of 50, so paging must add up exactly too.
    const cells = teams.teams
      .filter((t) => t.teamId && !parents.has(t.teamId))
      .flatMap((team) => team.series.map((point, index) => ({ team, index, n: point.estimate.n })))
      .filter((c) => c.n > 0)
      .sort((a, b) => a.n - b.n);
    const cell = cells.find((c) => c.n > 50) ?? cells[cells.length - 1];
    if (!cell) throw new Error('The demo has no team with answers');

    const figure = page.getByRole('region', { name: 'NPS by team by month' });
    await figure.getByRole('button', { name: 'Show table' }).click();
    const row = figure
      .getByRole('table', { name: 'NPS by team by month' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: cell.team.name, exact: true }) });
    await row.getByRole('cell').nth(cell.index).getByRole('button').click();

    const drawer = await visible(page.getByRole('dialog'));
    const status = drawer.getByRole('status');
    await expect.poll(() => status.getAttribute('data-drill-total')).toBe(String(cell.n));
    expect(await status.innerText()).toContain(`${cell.n} response`);
    const ids = await listedResponseIds(drawer);
    expect(ids.length).toBe(cell.n);
    expect(new Set(ids).size).toBe(cell.n);

    // Each links to the response's own page.
    await drawer.getByRole('link', { name: /^Open/ }).first().click();
    await expect.poll(() => page.url()).toContain(`/responses/${ids[0]}`);
    await page.context().close();
  });

  test('clicking a bar in a chart lists the responses behind it', async () => {
    const page = await signedInPage();
    await page.goto('/analytics/dashboards');
    const overview = await apiGet<Overview>(page, '/api/v1/analytics/overview');
    const top = overview.volume.byChannel[0];
    if (!top) throw new Error('The demo has no responses by channel');
    const chart = await visible(
      page
        .getByRole('region', { name: 'Responses by channel' })
        .getByRole('img', { name: 'Responses by channel' }),
    );
    // The longest bar is the first channel's; its middle is inside the bar.
    const bar = chart.locator('svg path[fill="#1c5fb8"]').first();
    await expect.poll(() => bar.count()).toBe(1);
    await page.waitForTimeout(1_200); // bars grow in with an animation
    await bar.click();
    const drawer = await visible(page.getByRole('dialog'));
    await expect
      .poll(() => drawer.getByRole('status').getAttribute('data-drill-total'))
      .toBe(String(top.responses));
    await page.context().close();
  });

  test('leader sets an NPS target; it shows on the targets page and on the NPS score card', async () => {
    const page = await signedInPage();
    await page.goto('/analytics/targets');
    await visible(page.getByRole('heading', { level: 1, name: 'Targets' }));
    await page.getByRole('button', { name: 'New target' }).first().click();
    const dialog = await visible(page.getByRole('dialog', { name: 'New target' }));
    await dialog.getByLabel('Name').fill('Strategy 2027');
    await dialog.getByRole('textbox', { name: 'Value' }).fill('45');
    await dialog.getByLabel('Due date').fill('2027-06-30');
    await dialog.getByRole('button', { name: 'Create target' }).click();

    const row = await visible(page.getByRole('row').filter({ hasText: 'Strategy 2027' }));
    expect(await row.innerText()).toMatch(/NPS ≥ \+45\.0/);
    expect(await row.innerText()).toMatch(/On track|Uncertain|Off track|Achieved|Not enough history/i);
    await visible(row.getByRole('img', { name: /^Trend of the last 12 months: .*\d/ }));

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
    await visible(npsCard(page).getByText(/Strategy 2027: NPS ≥ \+45\.0/));

    await page.goto('/analytics/targets');
    await page.getByRole('button', { name: 'Delete Strategy 2027' }).click();
    await page
      .getByRole('dialog', { name: 'Delete target?' })
      .getByRole('button', { name: 'Delete target' })
      .click();
    // The demo's strategy has targets of its own: ours is gone, theirs stay.
    await page.getByRole('row').filter({ hasText: 'Strategy 2027' }).waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Delete Strategy 2027' }).count()).toBe(0);
    await page.context().close();
  });
});
