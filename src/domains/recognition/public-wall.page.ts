import { escapeHtml } from '../surveys/survey-page.ts';
import type { PublicStory } from './public-wall.service.ts';

// The public page of stories: plain server-rendered HTML, no script (DESIGN.md, like the survey
// page). Every interpolated string goes through escapeHtml; attribute values are double-quoted.

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222;background:#fafafa}' +
  'h1{font-size:1.6rem;margin:0 0 .25rem}header p{margin:0 0 1.5rem;color:#555}' +
  'article{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem 1.25rem;margin:0 0 1rem}' +
  'blockquote{margin:.5rem 0;font-style:italic}p.who{margin:0;font-weight:600}' +
  'p.meta{margin:.5rem 0 0;color:#555;font-size:.875rem}ul.tags{list-style:none;padding:0;margin:.5rem 0 0;display:flex;flex-wrap:wrap;gap:.4rem}' +
  'ul.tags li{border:1px solid #1864ab;color:#1864ab;border-radius:999px;padding:0 .6rem;font-size:.8rem}';

const dateOf = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(
    new Date(iso),
  );

function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function renderStory(s: PublicStory, timeZone: string): string {
  const tags =
    s.valueTags.length > 0
      ? `<ul class="tags" aria-label="Values">${s.valueTags.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`
      : '';
  const meta = `<p class="meta"><time datetime="${escapeHtml(s.at)}">${escapeHtml(dateOf(s.at, timeZone))}</time></p>`;
  if (s.type === 'praise') {
    const who = `${s.customerName ? escapeHtml(s.customerName) : 'A customer'} praised ${escapeHtml(listOf(s.to))}`;
    return `<article><p class="who">${who}</p><blockquote>“${escapeHtml(s.text)}”</blockquote>${meta}</article>`;
  }
  const to = s.to.length > 0 ? listOf(s.to) : (s.team ?? 'the team');
  const why = s.kind === 'effort' ? ' for their effort' : s.kind === 'success' ? ' for a success' : '';
  const who = `${escapeHtml(s.from ?? 'A colleague')} recognised ${escapeHtml(to)}${why}`;
  return `<article><p class="who">${who}</p><p>${escapeHtml(s.text)}</p>${tags}${meta}</article>`;
}

/** The page in the organisation's time zone (its days are the ones stories happened on). */
export function renderPublicWall(orgName: string, timeZone: string, stories: readonly PublicStory[]): string {
  const title = `Great service at ${orgName}`;
  const body =
    stories.length === 0
      ? '<p>No stories yet.</p>'
      : `<section aria-label="Stories">${stories.map((story) => renderStory(story, timeZone)).join('')}</section>`;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>` +
    `<header><h1>${escapeHtml(title)}</h1><p>Stories of excellent service, from our customers and colleagues.</p></header>` +
    `${body}</main></body></html>`
  );
}

export function renderPublicWallNotFound(): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>Not found</title><style>${STYLE}</style></head><body><main><h1>Not found</h1>` +
    '<p>There is no public page of stories here.</p></main></body></html>'
  );
}
