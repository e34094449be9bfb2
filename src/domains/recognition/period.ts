/** The allowance month of an instant in the organisation's time zone, as YYYY-MM. */
export function allowancePeriod(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  return `${year}-${month}`;
}

/** Month and day (MM-DD) and year of an instant in a time zone: for work anniversaries. */
export function localDate(at: Date, timeZone: string): { year: number; monthDay: string; iso: string } {
  const iso = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
  return { year: Number(iso.slice(0, 4)), monthDay: iso.slice(5), iso };
}
