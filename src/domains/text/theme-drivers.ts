import { and, eq, sql } from 'drizzle-orm';
import { anyUuid } from '../../db/client.ts';
import type { DriverSource } from '../analytics/drivers.service.ts';
import { responseText, textThemes } from './text.tables.ts';
import { DEFAULT_THEMES, mergeThemes } from './themes.ts';

/** A theme is weighed as a driver only when at least this many comments have it, and as many lack it. */
export const MIN_THEME_COMMENTS = 5;

/**
 * Comment themes as key drivers: for each analysed response, 1 when its comment has the theme and
 * 0 when it does not, so analytics weighs "customers who mention waiting" beside the survey's
 * questions. A theme (almost) every comment has, or almost none, carries no information and is
 * left out. Responses without an analysed comment have no value (analytics uses complete cases).
 */
export function themeDriverSource(): DriverSource {
  return {
    name: 'comment-themes',
    async drivers(db, orgId, responseIds) {
      if (responseIds.length === 0) return [];
      const [rows, own] = await Promise.all([
        db
          .select({ id: responseText.responseId, themes: responseText.themes })
          .from(responseText)
          .where(
            and(eq(responseText.orgId, orgId), sql`${responseText.responseId} = ${anyUuid(responseIds)}`),
          ),
        db
          .select({ key: textThemes.key, name: textThemes.name, phrases: textThemes.phrases })
          .from(textThemes)
          .where(eq(textThemes.orgId, orgId)),
      ]);
      const counts = new Map<string, number>();
      for (const r of rows) for (const t of new Set(r.themes)) counts.set(t, (counts.get(t) ?? 0) + 1);
      return mergeThemes(DEFAULT_THEMES, own)
        .filter((t) => {
          const n = counts.get(t.key) ?? 0;
          return n >= MIN_THEME_COMMENTS && rows.length - n >= MIN_THEME_COMMENTS;
        })
        .map((t) => ({
          key: `theme:${t.key}`,
          label: `Comment mentions ${t.name.toLowerCase()}`,
          values: new Map(rows.map((r) => [r.id, r.themes.includes(t.key) ? 1 : 0])),
        }));
    },
  };
}
