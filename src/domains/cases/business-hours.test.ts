import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  type BusinessHours,
  businessMinutesBetween,
  DEFAULT_BUSINESS_HOURS,
  isTimeZone,
} from './business-hours.ts';

const berlin: BusinessHours = { ...DEFAULT_BUSINESS_HOURS, timeZone: 'Europe/Berlin' };
const H = 60;

describe('addBusinessMinutes', () => {
  it('counts within one open day', () => {
    // Tuesday 2026-03-10 10:00 Berlin (UTC+1) = 09:00Z.
    expect(addBusinessMinutes(new Date('2026-03-10T09:00:00Z'), 3 * H, berlin).toISOString()).toBe(
      '2026-03-10T12:00:00.000Z',
    );
  });

  it('skips the night and the weekend: Friday 16:00 + 2 h is Monday 10:00', () => {
    expect(addBusinessMinutes(new Date('2026-03-13T15:00:00Z'), 2 * H, berlin).toISOString()).toBe(
      '2026-03-16T09:00:00.000Z',
    );
  });

  it('starts counting at opening time when opened outside business hours', () => {
    // Saturday 23:30 Berlin → counting starts Monday 09:00.
    expect(addBusinessMinutes(new Date('2026-03-14T22:30:00Z'), 30, berlin).toISOString()).toBe(
      '2026-03-16T08:30:00.000Z',
    );
    // Monday 07:00 Berlin → 09:00 + 1 h.
    expect(addBusinessMinutes(new Date('2026-03-16T06:00:00Z'), H, berlin).toISOString()).toBe(
      '2026-03-16T09:00:00.000Z',
    );
  });

  it('makes 48 business hours six working days (Mon–Fri 09–17)', () => {
    // Monday 09:00 Berlin + 48 h of 8-hour days → Monday of the next week, 17:00... i.e. six days.
    const monday = new Date('2026-03-09T08:00:00Z');
    expect(addBusinessMinutes(monday, 48 * H, berlin).toISOString()).toBe('2026-03-16T16:00:00.000Z');
  });

  it('follows the wall clock across a daylight-saving change', () => {
    // Berlin moves to UTC+2 on Sunday 2026-03-29. Friday 16:00 (15:00Z) + 2 h = Monday 10:00 = 08:00Z.
    expect(addBusinessMinutes(new Date('2026-03-27T15:00:00Z'), 2 * H, berlin).toISOString()).toBe(
      '2026-03-30T08:00:00.000Z',
    );
    // And back to UTC+1 on 2026-10-25.
    expect(addBusinessMinutes(new Date('2026-10-23T14:00:00Z'), 2 * H, berlin).toISOString()).toBe(
      '2026-10-26T09:00:00.000Z',
    );
  });

  it('skips holidays and honours custom days and hours', () => {
    const custom: BusinessHours = {
      timeZone: 'America/New_York',
      days: [1, 2, 3, 4, 5, 6],
      startMinute: 8 * H,
      endMinute: 12 * H,
      holidays: ['2026-07-04'],
    };
    // Friday 2026-07-03 11:00 New York (15:00Z) + 2 h: 1 h on Friday, Saturday the 4th is a holiday,
    // Sunday closed, so Monday 09:00 (13:00Z).
    expect(addBusinessMinutes(new Date('2026-07-03T15:00:00Z'), 2 * H, custom).toISOString()).toBe(
      '2026-07-06T13:00:00.000Z',
    );
    // Without the holiday, Saturday counts.
    expect(
      addBusinessMinutes(new Date('2026-07-03T15:00:00Z'), 2 * H, { ...custom, holidays: [] }).toISOString(),
    ).toBe('2026-07-04T13:00:00.000Z');
  });

  it('refuses hours that never open instead of looping', () => {
    expect(() => addBusinessMinutes(new Date(), 60, { ...berlin, days: [] })).toThrow(RangeError);
  });
});

describe('businessMinutesBetween', () => {
  it('counts only open time', () => {
    // Friday 16:00 → Monday 10:00 Berlin: 1 h + 1 h.
    expect(
      businessMinutesBetween(new Date('2026-03-13T15:00:00Z'), new Date('2026-03-16T09:00:00Z'), berlin),
    ).toBe(120);
    expect(
      businessMinutesBetween(new Date('2026-03-16T09:00:00Z'), new Date('2026-03-13T15:00:00Z'), berlin),
    ).toBe(0);
  });

  it('is the inverse of addBusinessMinutes, in any zone and hours', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 200 * 60 }),
        fc.constantFrom(...zones),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 1, max: 8 }),
        (from, minutes, timeZone, days, startHour, length) => {
          const hours: BusinessHours = {
            timeZone,
            days,
            startMinute: startHour * 60,
            endMinute: Math.min(24 * 60, (startHour + length) * 60),
            holidays: [],
          };
          const due = addBusinessMinutes(from, minutes, hours);
          expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime());
          expect(businessMinutesBetween(from, due, hours)).toBe(minutes);
        },
      ),
      { numRuns: 300 },
    );
  });
});

it('knows real time zones from made-up ones', () => {
  expect(isTimeZone('Europe/Berlin')).toBe(true);
  expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
});
