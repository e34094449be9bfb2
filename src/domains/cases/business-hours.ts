/**
 * Business-hours arithmetic in an organisation's time zone: "first contact within 48 business
 * hours" counts only the minutes when the organisation is open. Pure: no clock, no database.
 */
export interface BusinessHours {
  /** IANA time zone, e.g. Europe/Berlin. */
  timeZone: string;
  /** Open weekdays, ISO numbering: 1 = Monday … 7 = Sunday. */
  days: readonly number[];
  /** Opening and closing time as minutes after local midnight (09:00 = 540, 17:00 = 1020). */
  startMinute: number;
  endMinute: number;
  /** Closed local dates, `YYYY-MM-DD`. */
  holidays: readonly string[];
}

export const DEFAULT_BUSINESS_HOURS: Omit<BusinessHours, 'timeZone'> = {
  days: [1, 2, 3, 4, 5],
  startMinute: 9 * 60,
  endMinute: 17 * 60,
  holidays: [],
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Far enough for any deadline (ten years of days); stops a loop when nothing is ever open. */
const MAX_DAYS = 3660;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(t: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(new Date(t)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts as unknown as LocalParts;
}

/** Local time minus UTC at instant `t`, in ms (e.g. +3,600,000 for Berlin in winter). */
function offsetAt(t: number, timeZone: string): number {
  const p = localParts(t, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** The instant when the wall clock in `timeZone` shows `minuteOfDay` on the given local date. */
function wallClockToInstant(y: number, m: number, d: number, minuteOfDay: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d, 0, minuteOfDay);
  const first = guess - offsetAt(guess, timeZone);
  // Around a DST change the offset at the guess can differ from the one at the answer.
  const second = guess - offsetAt(first, timeZone);
  return second;
}

interface OpenWindow {
  start: number;
  end: number;
}

/** Local calendar days from the one containing `from`, with each open day's window as instants. */
function* openWindows(from: number, hours: BusinessHours): Generator<OpenWindow> {
  if (hours.days.length === 0 || hours.endMinute <= hours.startMinute) return;
  const p = localParts(from, hours.timeZone);
  const first = Date.UTC(p.year, p.month - 1, p.day);
  const holidays = new Set(hours.holidays);
  for (let i = 0; i < MAX_DAYS; i++) {
    const date = new Date(first + i * DAY_MS);
    const isoWeekday = ((date.getUTCDay() + 6) % 7) + 1;
    if (!hours.days.includes(isoWeekday) || holidays.has(date.toISOString().slice(0, 10))) continue;
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    yield {
      start: wallClockToInstant(y, m, d, hours.startMinute, hours.timeZone),
      end: wallClockToInstant(y, m, d, hours.endMinute, hours.timeZone),
    };
  }
}

/**
 * The instant `minutes` business minutes after `from`. Time outside business hours does not count,
 * so from Friday 16:00 two business hours later is Monday 10:00 (with Mon–Fri 09:00–17:00).
 */
export function addBusinessMinutes(from: Date, minutes: number, hours: BusinessHours): Date {
  if (minutes <= 0) return new Date(from);
  let remaining = minutes * MINUTE_MS;
  const start = from.getTime();
  for (const w of openWindows(start, hours)) {
    const open = Math.max(w.start, start);
    if (open >= w.end) continue;
    const available = w.end - open;
    if (remaining <= available) return new Date(open + remaining);
    remaining -= available;
  }
  throw new RangeError('The business hours never open: no deadline can be computed');
}

/** Business minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, hours: BusinessHours): number {
  const [a, b] = [from.getTime(), to.getTime()];
  if (b <= a) return 0;
  let total = 0;
  for (const w of openWindows(a, hours)) {
    if (w.start >= b) break;
    total += Math.max(0, Math.min(w.end, b) - Math.max(w.start, a));
  }
  return Math.round(total / MINUTE_MS);
}

/** Length of one business day in minutes: "resolution within M days" is M of these. */
export const businessDayMinutes = (hours: Pick<BusinessHours, 'startMinute' | 'endMinute'>) =>
  Math.max(0, hours.endMinute - hours.startMinute);
