import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { apiCall, inviteAndSignIn, newPage, signInAsAdmin, visible } from './support/page.ts';
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

describe('training', () => {
  test('an employee opens an assigned module, passes its quiz, and the completion shows in progress', async () => {
    const admin = await newPage(browser, server);
    await signInAsAdmin(admin);
    const nonce = Date.now().toString(36);
    const team = await apiCall<{ id: string }>(admin, 'POST', '/api/v1/teams', {
      name: `Training crew ${nonce}`,
      kind: 'department',
    });
    const name = `Tess Trainee ${nonce}`;
    const employee = await apiCall<{ id: string; email: string }>(admin, 'POST', '/api/v1/employees', {
      name,
      email: `tess.${nonce}@lakeside.example`,
      role: 'employee',
      teamIds: [team.id],
    });
    const title = `Clear next steps ${nonce}`;
    const module = await apiCall<{ id: string }>(admin, 'POST', '/api/v1/training/modules', {
      title,
      kind: 'competency',
      summary: 'End every call with what happens next.',
      body: 'Customers forgive a delay.\n\n- Say what happens next\n- Say when',
      estimatedMinutes: 10,
      quiz: {
        passMark: 1,
        questions: [
          {
            id: 'end',
            prompt: 'What should every call end with?',
            kind: 'single',
            options: ['A survey link', 'What happens next, and when'],
            correct: [1],
          },
          {
            id: 'clear',
            prompt: 'Which make an update clear?',
            kind: 'multiple',
            options: ['A time window', 'Internal codes', 'Plain words'],
            correct: [0, 2],
          },
        ],
      },
    });
    await apiCall(admin, 'POST', '/api/v1/training/assignments', {
      moduleId: module.id,
      employeeIds: [employee.id],
      dueDate: '2099-12-31',
    });

    // The employee finds it under "Training due" and opens it.
    const page = await inviteAndSignIn(browser, server, admin, employee);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Training' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Training' }));
    await (await visible(page.getByRole('link', { name: title }))).click();
    await visible(page.getByRole('heading', { level: 1, name: title }));
    await visible(page.getByText('Customers forgive a delay.'));

    // A wrong answer first, then the right ones.
    await page.getByRole('radio', { name: 'A survey link' }).check();
    await page.getByRole('checkbox', { name: 'A time window' }).check();
    await page.getByRole('checkbox', { name: 'Plain words' }).check();
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await visible(page.getByText('Not passed yet'));
    await page.getByRole('radio', { name: 'What happens next, and when' }).check();
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await visible(page.getByText('Passed: module completed'));

    await page.goto('/training');
    const done = page
      .getByRole('region', { name: 'Done' })
      .or(page.getByRole('table', { name: 'Modules' }).last());
    await visible(done.getByRole('link', { name: title }));

    // The admin sees the completion in the progress view.
    await admin.goto('/training?tab=progress');
    const people = await visible(admin.getByRole('table', { name: 'Completion per person' }));
    const row = people.getByRole('row').filter({ hasText: name });
    await visible(row);
    const text = await row.textContent();
    expect(text).toContain('100 %');
    expect(text).toContain(`Training crew ${nonce}`);
  });
});
