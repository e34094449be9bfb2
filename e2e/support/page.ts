import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, type RunningServer } from './server.ts';

/** Waits until the locator is visible, and returns it. */
export async function visible(locator: Locator, timeout = 20_000): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** A page in a fresh browser context (its own cookies) pointed at the server. */
export async function newPage(browser: Browser, server: RunningServer): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  return context.newPage();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await visible(page.getByRole('heading', { level: 1, name: /^Welcome, / }));
}

export const signInAsAdmin = (page: Page) => signIn(page, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);

/** Calls the API from the page with its session cookie and the CSRF token from `/auth/me`. */
export async function apiCall<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = (await fetch('/api/v1/auth/me').then((r) => r.json())) as { csrfToken: string };
      const response = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    { method, path, body },
  ) as Promise<T>;
}
