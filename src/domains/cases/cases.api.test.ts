import { describe, expect, it } from 'vitest';
import { UpdateCaseSettingsInput } from './cases.api.ts';

describe('case settings input', () => {
  it('refuses a holiday in year 0, which PostgreSQL cannot store (the HTTP fuzzer got a 500)', () => {
    expect(UpdateCaseSettingsInput.safeParse({ holidays: ['0000-01-01'] }).success).toBe(false);
    expect(UpdateCaseSettingsInput.safeParse({ holidays: ['2027-01-01'] }).success).toBe(true);
  });
});
