import { timestamp } from 'drizzle-orm/pg-core';

/** A `timestamptz` column read as a JavaScript Date: every table's times are instants. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
