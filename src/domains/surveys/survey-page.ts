import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { PAGE_WORDS, type PageWords } from './survey-page.i18n.ts';
import {
  LANGUAGES,
  type Language,
  type Question,
  type SurveyDefinition,
  scaleOf,
  type Translated,
} from './surveys.api.ts';

// The public survey page: plain server-rendered HTML that works without JavaScript (DESIGN.md).
// Every interpolated string goes through escapeHtml; attribute values are always double-quoted.

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Form values as posted, keyed by question id, so a re-rendered form keeps what the person entered. */
export type FormValues = Record<string, string[]>;

const DEFAULT_BRAND = '#1864ab';

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** White or near-black, whichever contrasts more with the brand colour (WCAG relative luminance). */
export function textColorOn(brand: string): '#ffffff' | '#111111' {
  const l = luminance(brand);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (luminance('#111111') + 0.05);
  return onWhite >= onDark ? '#ffffff' : '#111111';
}

/** The first offered language in an Accept-Language header, by preference weight; else English. */
export function languageFromHeader(header: string | undefined, offered: readonly Language[]): Language {
  if (!header) return 'en';
  const wanted = header
    .slice(0, 500)
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { base: tag.trim().slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const w of wanted) {
    const found = offered.find((l) => l === w.base);
    if (found) return found;
  }
  return 'en';
}

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

// --- the fill-time guard for open links -------------------------------------------------------

/**
 * The render time, signed with the app's secret and bound to the token, so a bot cannot claim it
 * opened the form long ago. Exported so tests can produce an older one.
 */
export function signStarted(secretKey: string, token: string, at: number): string {
  return `${at}.${startedMac(secretKey, token, at)}`;
}

const startedMac = (secretKey: string, token: string, at: number) =>
  createHmac('sha256', secretKey).update(`survey-started:${token}:${at}`).digest('base64url').slice(0, 22);

/** The signed render time, or null when missing or forged. */
export function readStarted(secretKey: string, token: string, value: string | undefined): number | null {
  const match = /^(\d{13})\.([\w-]{22})$/.exec(value ?? '');
  if (!match?.[1] || !match[2]) return null;
  const at = Number(match[1]);
  const expected = Buffer.from(startedMac(secretKey, token, at));
  const given = Buffer.from(match[2]);
  return given.length === expected.length && timingSafeEqual(given, expected) ? at : null;
}

// --- the progressive-enhancement script (served at SURVEY_SCRIPT_PATH; CSP allows only 'self') ---

export const SURVEY_SCRIPT = `(function(){var f=document.querySelector('form.sv');if(!f)return;
var first=f.getAttribute('data-first'),b=f.querySelector('button[type=submit]'),label=b&&b.textContent;
function score(){var c=first&&f.querySelector('input[name="'+first+'"]:checked');return c?Number(c.value):null}
function update(){var s=score(),qs=f.querySelectorAll('[data-show-if]');
for(var i=0;i<qs.length;i++){var q=qs[i],r=q.getAttribute('data-show-if').split('-'),on=s!==null&&s>=+r[0]&&s<=+r[1];
q.hidden=!on;var c=q.querySelector('.cond');if(c)c.hidden=true;
var ins=q.querySelectorAll('input,textarea');for(var j=0;j<ins.length;j++)ins[j].disabled=!on}}
f.addEventListener('change',function(e){if(e.target.name===first)update()});update();
f.addEventListener('submit',function(){if(b){b.disabled=true;b.textContent=b.getAttribute('data-sending')}});
window.addEventListener('pageshow',function(){if(b){b.disabled=false;b.textContent=label}});
var e=document.getElementById('errors');if(e)e.focus()})();
`;
const SCRIPT_VERSION = createHash('sha256').update(SURVEY_SCRIPT).digest('hex').slice(0, 10);
export const SURVEY_SCRIPT_PATH = '/s/assets/survey.js';
const SCRIPT_URL = `${SURVEY_SCRIPT_PATH}?v=${SCRIPT_VERSION}`;

// Mobile first, system fonts, 44px touch targets, visible focus, AA contrast on white.
export const SURVEY_CSS = `*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#eef0f3}
main{max-width:40rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh;border-top:6px solid var(--b)}
@media(min-width:42rem){main{margin:2rem auto;min-height:0;padding:2rem;border-radius:8px}}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
a{color:#0b4f9c}
:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.lang{text-align:right;font-size:.9375rem}.lang a{display:inline-block;padding:.5rem;min-height:2.75rem}
.logo{max-height:3rem;max-width:60%}
fieldset,.q{border:0;padding:0;margin:0 0 1.75rem;min-width:0}
legend,.ql{display:block;font-weight:600;padding:0;margin-bottom:.5rem}
.req,.cond{font-weight:400;color:#444}
.hint,.ends{color:#444;font-size:.9375rem;margin:0 0 .5rem}
.sc{display:grid;grid-template-columns:repeat(var(--n),minmax(1.5rem,1fr));gap:.25rem}
.pt{position:relative;display:block}
.pt input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.pt span{display:flex;align-items:center;justify-content:center;min-height:2.75rem;border:1px solid #767676;border-radius:6px;font-weight:600}
.pt input:checked+span{background:var(--b);color:var(--bt);border-color:var(--b);box-shadow:inset 0 0 0 2px var(--bt)}
.pt input:focus-visible+span{outline:3px solid #1a1a1a;outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:1rem;margin-top:.375rem}
.op{display:flex;align-items:center;gap:.75rem;min-height:2.75rem;padding:.5rem .75rem;margin-bottom:.5rem;border:1px solid #767676;border-radius:6px;cursor:pointer}
.op input{width:1.25rem;height:1.25rem;margin:0;flex:none}
textarea{display:block;width:100%;min-height:7rem;font:inherit;padding:.5rem;border:1px solid #767676;border-radius:6px}
button{font:inherit;font-weight:600;width:100%;min-height:2.75rem;padding:.625rem 1.5rem;border:0;border-radius:6px;background:var(--b);color:var(--bt);cursor:pointer}
@media(min-width:42rem){button{width:auto}}
.bad{border-left:4px solid #b00020;padding-left:.75rem}
.msg{color:#b00020;font-weight:600;margin:0 0 .5rem}
.sum{border:3px solid #b00020;padding:1rem;margin-bottom:1.5rem}.sum h2{font-size:1.125rem;margin:0 0 .5rem}
.note{background:#e7f5ec;border-left:4px solid #1e7b3c;padding:.75rem;margin-bottom:1.5rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
[hidden]{display:none!important}
@media(forced-colors:active){.pt input:checked+span{outline:3px solid}}`;

// --- rendering ---------------------------------------------------------------------------------

export interface PageFrame {
  lang: Language;
  orgName: string;
  /** The survey, when known (not on the not-found page). */
  survey?: SurveyDefinition;
}

/** A survey text in the page's language (English when untranslated), `{org}` filled in, escaped. */
export function surveyText(
  text: Partial<Record<Language, string>> & { en: string },
  lang: Language,
  orgName: string,
): string {
  return escapeHtml((text[lang] ?? text.en).replaceAll('{org}', orgName));
}

function layout(frame: PageFrame, title: string, body: string, languageLinks = ''): string {
  const brand = /^#[0-9a-fA-F]{6}$/.test(frame.survey?.brandColor ?? '')
    ? (frame.survey?.brandColor as string)
    : DEFAULT_BRAND;
  // The brand colour is checked against its pattern, not HTML-escaped: it lands in CSS, not HTML.
  const logo = frame.survey?.logoUrl
    ? `<img class="logo" src="${escapeHtml(frame.survey.logoUrl)}" alt="${escapeHtml(frame.orgName)}">`
    : '';
  return `<!doctype html><html lang="${frame.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${title}</title><style>:root{--b:${brand};--bt:${textColorOn(brand)}}
${SURVEY_CSS}</style><script src="${SCRIPT_URL}" defer></script></head>
<body><main>${languageLinks}${logo}${body}</main></body></html>`;
}

export interface FormPage extends PageFrame {
  survey: SurveyDefinition;
  /** Where the form posts, e.g. /s/<token> or /s/<token>?embed=1. */
  action: string;
  values: FormValues;
  /** Problems by question id, already in the page's language. */
  problems: Record<string, string>;
  /** Hidden fields that come back with the answers (honeypot and signed start time for open links). */
  guard: { started: string } | null;
  /** Set after a one-click score from an email. */
  scoreSaved: boolean;
  /** Links to this page in each offered language. */
  languageHref: (lang: Language) => string;
}

function languageNav(page: FormPage): string {
  if (page.survey.languages.length < 2) return '';
  const words = PAGE_WORDS[page.lang];
  const links = page.survey.languages
    .filter((l) => l !== page.lang)
    .map(
      (l) =>
        `<a href="${escapeHtml(page.languageHref(l))}" hreflang="${l}" lang="${l}">${escapeHtml(PAGE_WORDS[l].languageName)}</a>`,
    )
    .join('');
  return `<nav class="lang" aria-label="${escapeHtml(words.languageNav)}">${links}</nav>`;
}

const fieldId = (q: Question) => (q.type === 'text' ? `q-${q.id}` : `q-${q.id}-0`);

function questionHtml(q: Question, page: FormPage, first: Question | undefined): string {
  const { lang, orgName } = page;
  const words = PAGE_WORDS[lang];
  const name = `q.${q.id}`;
  const values = page.values[q.id] ?? [];
  const problem = page.problems[q.id];
  const describedBy: string[] = [];
  let extra = '';
  if (problem) {
    describedBy.push(`e-${q.id}`);
    extra += `<p class="msg" id="e-${q.id}">${escapeHtml(problem)}</p>`;
  }
  if (q.help) {
    describedBy.push(`h-${q.id}`);
    extra += `<p class="hint" id="h-${q.id}">${surveyText(q.help, lang, orgName)}</p>`;
  }
  // Without JavaScript every question is visible; one that depends on the score says so and is
  // not marked required in HTML (the server drops answers that do not apply and checks the rest).
  const conditional = q.showIf && first !== q;
  const cond = conditional
    ? ` <span class="cond">${escapeHtml(words.onlyIf(q.showIf?.scoreMin ?? 0, q.showIf?.scoreMax ?? 0))}</span>`
    : '';
  const req = q.required ? ` <span class="req">(${escapeHtml(words.required)})</span>` : '';
  const requiredAttr = q.required && !conditional ? ' required' : '';
  const invalid = problem ? ' aria-invalid="true"' : '';
  const label = `${surveyText(q.label, lang, orgName)}${req}${cond}`;
  const wrapAttrs = `${problem ? ' class="bad"' : ''}${conditional ? ` data-show-if="${q.showIf?.scoreMin}-${q.showIf?.scoreMax}"` : ''}`;

  if (q.type === 'text') {
    const described = describedBy.length ? ` aria-describedby="${describedBy.join(' ')}"` : '';
    return `<div class="q"${wrapAttrs}><label class="ql" for="q-${q.id}">${label}</label>${extra}<textarea id="q-${q.id}" name="${name}" maxlength="${q.maxLength}" rows="4"${requiredAttr}${invalid}${described}>${escapeHtml(values[0] ?? '')}</textarea></div>`;
  }

  const scale = scaleOf(q);
  let controls: string;
  if (scale) {
    const ends: { lowLabel?: Translated | undefined; highLabel?: Translated | undefined } =
      'lowLabel' in q || 'highLabel' in q ? q : {};
    const low = ends.lowLabel ? surveyText(ends.lowLabel, lang, orgName) : escapeHtml(words.lowest);
    const high = ends.highLabel ? surveyText(ends.highLabel, lang, orgName) : escapeHtml(words.highest);
    describedBy.push(`d-${q.id}`);
    const points: string[] = [];
    for (let n = scale.min, i = 0; n <= scale.max; n++, i++) {
      const checked = values.includes(String(n)) ? ' checked' : '';
      points.push(
        `<label class="pt"><input type="radio" id="q-${q.id}-${i}" name="${name}" value="${n}"${checked}${requiredAttr}${invalid}><span>${n}</span></label>`,
      );
    }
    // One row, however narrow the phone: a scale that wraps reads as two scales. At 320 px each of
    // 11 points is still ≥ 24 px wide (WCAG 2.5.8) and 44 px tall.
    controls = `<div class="sc" style="--n:${scale.max - scale.min + 1}">${points.join('')}</div><p class="ends" id="d-${q.id}"><span>${scale.min} = ${low}</span><span>${scale.max} = ${high}</span></p>`;
  } else if (q.type === 'single' || q.type === 'multiple') {
    const type = q.type === 'single' ? 'radio' : 'checkbox';
    const radioRequired = type === 'radio' ? requiredAttr : '';
    controls = q.options
      .map(
        (o, i) =>
          `<label class="op"><input type="${type}" id="q-${q.id}-${i}" name="${name}" value="${escapeHtml(o.id)}"${values.includes(o.id) ? ' checked' : ''}${radioRequired}${invalid}>${surveyText(o.label, lang, orgName)}</label>`,
      )
      .join('');
  } else {
    controls = '';
  }
  const described = describedBy.length ? ` aria-describedby="${describedBy.join(' ')}"` : '';
  return `<fieldset${wrapAttrs}${described}><legend>${label}</legend>${extra}${controls}</fieldset>`;
}

export function renderFormPage(page: FormPage): string {
  const { survey, lang, orgName } = page;
  const words = PAGE_WORDS[lang];
  const first = survey.questions[0];
  const problemIds = survey.questions.filter((q) => page.problems[q.id]);
  const summary = problemIds.length
    ? `<div class="sum" id="errors" role="alert" tabindex="-1"><h2>${escapeHtml(words.errorSummary)}</h2><ul>${problemIds
        .map(
          (q) =>
            `<li><a href="#${fieldId(q)}">${surveyText(q.label, lang, orgName)}: ${escapeHtml(page.problems[q.id] ?? '')}</a></li>`,
        )
        .join('')}</ul></div>`
    : '';
  const note = page.scoreSaved ? `<p class="note" role="status">${escapeHtml(words.scoreSaved)}</p>` : '';
  const intro = survey.intro ? `<p>${surveyText(survey.intro, lang, orgName)}</p>` : '';
  const guard = page.guard
    ? `<div class="hp" aria-hidden="true"><label for="hp">${escapeHtml(words.honeypot)}</label><input id="hp" name="website" tabindex="-1" autocomplete="off"></div><input type="hidden" name="_s" value="${escapeHtml(page.guard.started)}">`
    : '';
  const firstAttr = first && scaleOf(first) ? ` data-first="q.${first.id}"` : '';
  const title = surveyText(survey.title, lang, orgName);
  const body = `<h1>${title}</h1>${summary}${note}${intro}<form class="sv" method="post" action="${escapeHtml(page.action)}" novalidate${firstAttr}><input type="hidden" name="_l" value="${lang}">${guard}${survey.questions
    .map((q) => questionHtml(q, page, first))
    .join(
      '',
    )}<button type="submit" data-sending="${escapeHtml(words.sending)}">${escapeHtml(words.submit)}</button></form>`;
  return layout(page, title, body, languageNav(page));
}

export interface ThankYouPage extends PageFrame {
  survey: SurveyDefinition;
  /** Already formatted in the page's language; invitations only. */
  amendableUntil: string | null;
  /** Link back to the form to change the answer; invitations only. */
  formHref: string | null;
}

export function renderThankYouPage(page: ThankYouPage): string {
  const words = PAGE_WORDS[page.lang];
  const amend = page.amendableUntil
    ? `<p>${escapeHtml(words.amendUntil(page.amendableUntil))}${page.formHref ? ` <a href="${escapeHtml(page.formHref)}">${escapeHtml(words.changeAnswer)}</a>` : ''}</p>`
    : '';
  const body = `<h1>${escapeHtml(words.thankYou)}</h1><p class="note" role="status">${escapeHtml(words.answerSaved)}</p><p>${surveyText(page.survey.thankYou, page.lang, page.orgName)}</p>${amend}`;
  return layout(page, escapeHtml(words.thankYou), body);
}

export type MessageKind = 'closed' | 'notFound' | 'answered' | 'tryAgain' | 'tooMany' | 'error';

const MESSAGES: Record<MessageKind, (w: PageWords) => [string, string]> = {
  closed: (w) => [w.closedTitle, w.closedText],
  notFound: (w) => [w.notFoundTitle, w.notFoundText],
  answered: (w) => [w.answeredTitle, w.answeredText],
  tryAgain: (w) => [w.tryAgainTitle, w.tryAgainText],
  tooMany: (w) => [w.tooManyTitle, w.tooManyText],
  error: (w) => [w.errorTitle, w.errorText],
};

/** Closed, not found, already answered, try again, too many, error: a heading and a sentence. */
export function renderMessagePage(
  frame: PageFrame,
  kind: MessageKind,
  backHref: string | null = null,
): string {
  const words = PAGE_WORDS[frame.lang];
  const [title, text] = MESSAGES[kind](words);
  const back = backHref
    ? `<p><a href="${escapeHtml(backHref)}">${escapeHtml(words.backToSurvey)}</a></p>`
    : '';
  return layout(frame, escapeHtml(title), `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${back}`);
}

// --- reading the posted form -------------------------------------------------------------------

const blank = (v: string) => v.trim() === '';

/**
 * Turns posted fields (`q.<question id>`) into raw answers for checkAnswers: numbers for scales,
 * a list for multiple choice. Fields for unknown questions are ignored, so a form rendered before
 * the survey changed still sends what it can.
 */
export function answersFromForm(
  definition: SurveyDefinition,
  form: Record<string, string[]>,
): { values: FormValues; raw: Record<string, unknown> } {
  const values: FormValues = {};
  const raw: Record<string, unknown> = {};
  for (const q of definition.questions) {
    const key = `q.${q.id}`;
    const posted = Object.hasOwn(form, key) ? (form[key] ?? []) : [];
    values[q.id] = posted;
    const given = posted.filter((v) => !blank(v));
    if (q.type === 'multiple') {
      if (given.length) raw[q.id] = given;
      continue;
    }
    if (given.length === 0) continue;
    if (given.length > 1) {
      raw[q.id] = given;
      continue;
    }
    const one = q.type === 'text' ? (posted.find((v) => !blank(v)) ?? '') : (given[0] ?? '').trim();
    raw[q.id] = scaleOf(q) && /^-?\d{1,3}$/.test(one) ? Number(one) : one;
  }
  return { values, raw };
}

/** Stored answers as form values, to show a saved response in the form again. */
export function formValuesOf(answers: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [id, value] of Object.entries(answers)) {
    if (Array.isArray(value)) values[id] = value.map(String);
    else if (value !== null && value !== undefined) values[id] = [String(value)];
  }
  return values;
}

/** checkAnswers' problems, said in the page's language. */
export function problemsInLanguage(
  definition: SurveyDefinition,
  raw: Record<string, unknown>,
  problemIds: string[],
  lang: Language,
): Record<string, string> {
  const words = PAGE_WORDS[lang];
  const result: Record<string, string> = {};
  for (const q of definition.questions) {
    if (!problemIds.includes(q.id)) continue;
    const scale = scaleOf(q);
    result[q.id] =
      raw[q.id] === undefined
        ? words.problemRequired
        : scale
          ? words.problemScale(scale.min, scale.max)
          : q.type === 'single'
            ? words.problemChoice
            : q.type === 'multiple'
              ? words.problemChoices
              : words.problemText(q.type === 'text' ? q.maxLength : 0);
  }
  return result;
}

/** A moment in the page's language and the organisation's time zone, e.g. "24 November 2026, 10:15 CET". */
export function formatMoment(at: Date, lang: Language, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(lang, { ...options, timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' }).format(at);
  }
}
