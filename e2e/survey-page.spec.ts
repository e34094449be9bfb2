import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ResponseView } from '../src/domains/responses/responses.api.ts';
import type { InvitationView } from '../src/domains/surveys/surveys.api.ts';
import { apiKeyClient, sessionClient, signInOverHttp } from '../src/test/processes.ts';
import { launchBrowser } from './support/browser.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, demoServer, type RunningServer } from './support/server.ts';

/**
 * The public survey page (/s/<token>) is what a customer sees, usually on a phone, in their own
 * language, and it must work without JavaScript. These journeys use an invitation in Spanish for
 * the demo organisation and check what was stored through the API.
 */
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 3,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
  locale: 'es-ES',
};
const QUESTION_ES = '¿Qué probabilidad hay de que recomiende Lakeside Home Services a un amigo o colega?';
const REASON_ES = '¿Cuál es el motivo principal de su puntuación?';
const THANK_YOU_ES = '¡Gracias! Sus comentarios llegan directamente al equipo que le atendió.';

let server: RunningServer;
let browser: Browser;
let api: ReturnType<typeof apiKeyClient>;
let surveyId: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = demoServer();
  browser = await launchBrowser();
  const admin = sessionClient(server.url, await signInOverHttp(server.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD));
  const created = await admin('POST', '/api/v1/api-keys', { name: 'survey-page e2e', scopes: ['all'] });
  expect(created.status).toBe(201);
  api = apiKeyClient(server.url, ((await created.json()) as { key: string }).key);
  // A survey of our own (the NPS template, in English, Spanish and German), so the demo's surveys
  // can change without changing what this test sees.
  const survey = await api('POST', '/api/v1/surveys', { kind: 'nps', name: 'After a home visit' });
  expect(survey.status).toBe(201);
  surveyId = ((await survey.json()) as { id: string }).id;
  expect((await api('PATCH', `/api/v1/surveys/${surveyId}`, { status: 'active' })).status).toBe(200);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

async function inviteInSpanish(email: string, name: string): Promise<InvitationView> {
  const res = await api('POST', '/api/v1/invitations', {
    surveyId,
    customer: { email, name },
    locale: 'es',
  });
  expect(res.status).toBe(201);
  return (await res.json()) as InvitationView;
}

async function onPhone(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, ...options });
  contexts.push(context);
  return context.newPage();
}

async function responsesTo(invitation: InvitationView): Promise<ResponseView[]> {
  const res = await api(
    'GET',
    `/api/v1/responses?surveyId=${surveyId}&customerId=${invitation.customerId}&limit=50`,
  );
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: ResponseView[] };
  return items.filter((r) => r.invitationId === invitation.id);
}

// Evaluated in the page as strings: this project's TypeScript has no DOM types.
const scrollWidth = (page: Page) => page.evaluate<number>('document.scrollingElement.scrollWidth');
const focused = (page: Page) =>
  page.evaluate<{ id: string; name: string | null; value: string | null }>(
    '({ id: document.activeElement.id, name: document.activeElement.getAttribute("name"), value: document.activeElement.getAttribute("value") })',
  );

describe('survey page', () => {
  test('a customer answers a survey on a phone in Spanish', async () => {
    const invitation = await inviteInSpanish('lucia.moreno@example.es', 'Lucía Moreno');
    const page = await onPhone();
    await page.goto(invitation.url);

    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await page.getByRole('heading', { level: 1, name: 'Una pregunta rápida sobre su experiencia' }).waitFor();
    // A fieldset whose legend is the question: screen readers announce it when entering the radios.
    const scale = page.getByRole('group', { name: QUESTION_ES });
    await scale.waitFor();
    const points = scale.getByRole('radio');
    expect(await points.count()).toBe(11);
    // One name for all eleven: the browser treats them as one radio group (one tab stop, arrows).
    expect(await scale.locator('input[type="radio"][name="q.score"]').count()).toBe(11);
    expect(await points.first().getAttribute('value')).toBe('0');
    expect(await points.last().getAttribute('value')).toBe('10');
    expect(await page.locator('#d-score').textContent()).toContain('0 = Nada probable');

    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/survey-page-es-phone.png', fullPage: true });

    // Keyboard only: tab into the scale (past the language links), then arrows move the choice.
    for (let tabs = 0; tabs < 10; tabs++) {
      await page.keyboard.press('Tab');
      if ((await focused(page)).name === 'q.score') break;
    }
    expect(await focused(page)).toMatchObject({ name: 'q.score', value: '0' });
    for (let n = 0; n < 9; n++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    expect(await scale.getByRole('radio', { name: '9', exact: true }).isChecked()).toBe(true);
    expect(await scale.getByRole('radio', { checked: true }).count()).toBe(1);

    const comment = 'El técnico llegó puntual y explicó todo con paciencia.';
    await page.getByRole('textbox', { name: REASON_ES }).fill(comment);
    await page.screenshot({ path: '/tmp/survey-page-es-phone-answered.png', fullPage: true });
    await page.getByRole('button', { name: 'Enviar' }).click();

    await page.getByRole('heading', { level: 1, name: 'Gracias' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe('Respuesta guardada');
    expect(await page.getByText(THANK_YOU_ES).count()).toBe(1);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/survey-page-es-phone-thanks.png', fullPage: true });

    const stored = await responsesTo(invitation);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ score: 9, locale: 'es', comment, customerName: 'Lucía Moreno' });
  });

  test('a missing score is explained in Spanish, with and without JavaScript', async () => {
    const invitation = await inviteInSpanish('jorge.iglesias@example.es', 'Jorge Iglesias');
    const page = await onPhone();
    await page.goto(invitation.url);
    await page.getByRole('textbox', { name: REASON_ES }).fill('Sin puntuación todavía');
    await page.getByRole('button', { name: 'Enviar' }).click();

    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.getByRole('heading', { name: 'Hay un problema' }).count()).toBe(1);
    expect(await summary.getByRole('link').textContent()).toBe(
      `${QUESTION_ES}: Responda a esta pregunta, por favor`,
    );
    // The page's script moves focus to the summary, so a screen reader reads it first.
    await expect.poll(async () => (await focused(page)).id, { timeout: 5_000 }).toBe('errors');
    // What was typed survives the round trip, and the question says what is wrong with it.
    expect(await page.getByRole('textbox', { name: REASON_ES }).inputValue()).toBe('Sin puntuación todavía');
    expect(await page.locator('#e-score').textContent()).toBe('Responda a esta pregunta, por favor');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/survey-page-es-phone-error.png', fullPage: true });
    expect(await responsesTo(invitation)).toHaveLength(0);

    // Without JavaScript: the same form, posted by the browser itself.
    const plain = await onPhone({ javaScriptEnabled: false });
    await plain.goto(invitation.url);
    await plain.getByRole('button', { name: 'Enviar' }).click();
    await plain.getByRole('alert').waitFor();
    expect(await plain.getByRole('alert').textContent()).toContain('Hay un problema');

    const scale = plain.getByRole('group', { name: QUESTION_ES });
    await scale.getByRole('radio', { name: '3', exact: true }).tap();
    await plain.getByRole('textbox', { name: REASON_ES }).fill('Tuve que llamar tres veces.');
    await plain.getByRole('button', { name: 'Enviar' }).tap();
    await plain.getByRole('heading', { level: 1, name: 'Gracias' }).waitFor();
    expect(await plain.getByText(THANK_YOU_ES).count()).toBe(1);

    const stored = await responsesTo(invitation);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ score: 3, locale: 'es', comment: 'Tuve que llamar tres veces.' });
  });
});
