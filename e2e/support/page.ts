import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { inject } from 'vitest';
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

type Cookies = Awaited<ReturnType<BrowserContext['cookies']>>;

/**
 * Sessions signed in through the form, kept beside the shared server's log so later specs reuse
 * them: sign-in is rate-limited per account (10 per 15 minutes), and every spec shares one server.
 */
function sessionFile(email: string): string {
  const { logFile } = inject('demoServer');
  return join(
    dirname(logFile),
    `session-${createHash('sha256').update(email).digest('hex').slice(0, 12)}.json`,
  );
}

async function reuseSession(page: Page, email: string): Promise<boolean> {
  let cookies: Cookies;
  try {
    cookies = JSON.parse(readFileSync(sessionFile(email), 'utf8')) as Cookies;
  } catch {
    return false;
  }
  await page.context().addCookies(cookies);
  const me = await page.context().request.get('/api/v1/auth/me');
  if (me.status() !== 200) {
    await page.context().clearCookies();
    return false;
  }
  await page.goto('/');
  await visible(page.getByRole('heading', { level: 1, name: /^Welcome, / }));
  return true;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  if (await reuseSession(page, email)) return;
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await visible(page.getByRole('heading', { level: 1, name: /^Welcome, / }));
  writeFileSync(sessionFile(email), JSON.stringify(await page.context().cookies()));
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

/** Polls `probe` until it gives a value. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * The newest invitation link mailed to `email`. Without SMTP the server logs each email ("to
 * <address>: <subject>" and its text); every spec shares one server, so the address picks ours.
 */
export function invitationLink(server: RunningServer, email: string): Promise<string> {
  const mine = new RegExp(
    `to ${email.replace(/[.+]/g, '\\$&')}:[^\\n]*\\n[\\s\\S]*?(/accept-invite\\?token=[\\w-]+)`,
    'g',
  );
  return eventually(
    async () => [...server.output().matchAll(mine)].at(-1)?.[1],
    `the invitation email to ${email}`,
  );
}

export const NEW_PASSWORD = 'a long enough password';

/** Opens the invitation link, sets a password and signs in, in a fresh browser context. */
export async function acceptInvitation(
  browser: Browser,
  server: RunningServer,
  email: string,
): Promise<Page> {
  const link = await invitationLink(server, email);
  const page = await newPage(browser, server);
  await page.goto(link);
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('textbox', { name: 'Repeat new password' }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForTimeout(500);
  await signIn(page, email, NEW_PASSWORD);
  return page;
}

/** Invites a person as the signed-in admin, then accepts the invitation as them. */
export async function inviteAndSignIn(
  browser: Browser,
  server: RunningServer,
  admin: Page,
  person: { id: string; email: string },
): Promise<Page> {
  await apiCall(admin, 'POST', `/api/v1/employees/${person.id}/invitation`, {});
  return acceptInvitation(browser, server, person.email);
}
