import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { apiCall, signInAsAdmin, visible } from './support/page.ts';
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

describe('recognition', () => {
  test('a colleague gives kudos from the keyboard and finds it on the service wall', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signInAsAdmin(page);
    const colleague = await page.evaluate(async () => {
      const people = (await fetch('/api/v1/employees?limit=50&role=employee').then((r) => r.json())) as {
        items: { name: string }[];
      };
      return people.items[0]?.name ?? '';
    });
    expect(colleague).not.toBe('');

    // The dialog opens from any page with Ctrl+Shift+K, and is used with the keyboard alone.
    await page.keyboard.press('Control+Shift+K');
    const dialog = await visible(page.getByRole('dialog', { name: 'Give kudos' }));
    // The colleague field has the focus: type, pick with the arrow keys.
    await page.keyboard.type(colleague);
    await visible(page.getByRole('option', { name: colleague }).first());
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await visible(dialog);
    await dialog.getByText('Effort', { exact: true }).click();
    const message = `Stayed on the line until the boiler fired up (${Date.now()})`;
    await dialog.getByLabel(/What did they do/).fill(message);
    await dialog.getByLabel('Values', { exact: true }).fill('Helped');
    await page.getByRole('option', { name: 'Helped a colleague' }).click();
    await dialog.getByRole('button', { name: 'Give kudos' }).click();
    await visible(page.getByText('Kudos given: it is on the service wall.'));

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Service wall' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Service wall' }));
    const story = page.getByRole('article').filter({ hasText: message });
    await visible(story);
    expect(await story.textContent()).toContain(colleague);
    expect(await story.textContent()).toContain('Helped a colleague');
    // The demo wall is alive: more than our one story, including customers’ words.
    expect(await page.getByRole('article').count()).toBeGreaterThan(5);

    await story.getByRole('button', { name: 'Applause' }).click();
    await visible(story.getByRole('button', { name: 'Applause, 1', pressed: true }));

    // The boards are on the wall, ranked on more than one kudos each.
    await visible(page.getByRole('region', { name: 'Recognised for effort' }));
    await visible(page.getByRole('region', { name: 'Praised by customers' }));

    // A leader opens the public page of stories and publishes this one; a stranger, not signed in,
    // reads it there with the colleague's first name only.
    await page.getByRole('button', { name: 'Wall settings' }).click();
    const publicPage = await visible(page.getByRole('switch', { name: 'Public page of stories' }));
    if (!(await publicPage.isChecked())) await publicPage.click();
    await visible(page.getByRole('link', { name: 'Open the public page' }));
    await page.keyboard.press('Escape');
    await story.getByRole('button', { name: 'Publish' }).click();
    await visible(story.getByRole('button', { name: 'Public · unpublish', pressed: true }));
    const me = await apiCall<{ org: { slug: string } }>(page, 'GET', '/api/v1/auth/me');
    const stranger = await browser.newContext({ baseURL: server.url });
    const reader = await stranger.newPage();
    const res = await reader.goto(`/stories/${me.org.slug}`);
    expect(res?.status()).toBe(200);
    await visible(reader.getByText(message));
    const html = await reader.content();
    const [firstName, ...surname] = colleague.split(' ');
    expect(html).toContain(firstName);
    if (surname.length > 0) expect(html).not.toContain(colleague);
    await stranger.close();

    // The programme's settings: the nudge for managers is saved and read back, then put back.
    const nudge = async (days?: string) => {
      await page.getByRole('button', { name: 'Programme' }).click();
      const dialog = await visible(page.getByRole('dialog', { name: 'Recognition programme' }));
      const field = dialog.getByRole('textbox', { name: 'Nudge managers after' });
      await visible(field);
      const before = await field.inputValue();
      if (days !== undefined) {
        await field.fill(days);
        await dialog.getByRole('button', { name: 'Save' }).click();
        await visible(page.getByText('Recognition programme saved.').last());
      } else await dialog.getByRole('button', { name: 'Cancel' }).click();
      return before;
    };
    const original = await nudge('21');
    expect(await nudge()).toBe('21 days');
    await nudge(original.replace(/\D/g, ''));

    // A team's page lists its people and its stories.
    const teams = await apiCall<{ items: { id: string; name: string; kind: string }[] }>(
      page,
      'GET',
      '/api/v1/teams',
    );
    const team = teams.items.find((t) => t.kind === 'team');
    await page.goto(`/recognition/teams/${team?.id}`);
    await visible(page.getByRole('heading', { level: 1, name: team?.name }));
    await visible(page.getByRole('region', { name: 'People' }).getByRole('link').first());
    expect(await page.getByRole('article').count()).toBeGreaterThan(0);
    await page.goto('/recognition/wall');

    await page.getByRole('link', { name: 'Kiosk mode' }).click();
    await visible(page.getByText(/Service wall$/));
    await visible(
      page.getByRole('button', { name: 'Leave kiosk' }).or(page.getByRole('link', { name: 'Leave kiosk' })),
    );
    await context.close();
  });
});
