import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkAnswers, InvalidAnswers } from './answers.ts';
import { PAGE_WORDS } from './survey-page.i18n.ts';
import {
  answersFromForm,
  escapeHtml,
  type FormPage,
  languageFromHeader,
  problemsInLanguage,
  readStarted,
  renderFormPage,
  renderMessagePage,
  renderThankYouPage,
  SURVEY_SCRIPT,
  signStarted,
  textColorOn,
} from './survey-page.ts';
import { surveyTemplate } from './survey-templates.ts';
import { LANGUAGES, type Language, SurveyDefinition } from './surveys.api.ts';

const followUp = SurveyDefinition.parse({
  ...surveyTemplate('nps'),
  logoUrl: 'https://cdn.example.com/logo.png',
  intro: { en: 'Two minutes for {org}', es: 'Dos minutos para {org}', de: 'Zwei Minuten für {org}' },
  questions: [
    ...surveyTemplate('nps').questions,
    {
      id: 'fix',
      type: 'multiple',
      required: true,
      showIf: { scoreMin: 0, scoreMax: 6 },
      label: { en: 'What should we fix?', es: '¿Qué deberíamos mejorar?', de: 'Was sollten wir verbessern?' },
      options: [
        { id: 'speed', label: { en: 'Speed', es: 'Rapidez', de: 'Tempo' } },
        { id: 'tone', label: { en: 'Tone', es: 'Trato', de: 'Umgangston' } },
      ],
    },
  ],
});

const formPage = (overrides: Partial<FormPage> = {}): FormPage => ({
  lang: 'en',
  orgName: 'Acme <Care>',
  survey: followUp,
  action: '/s/tok_123456?lang=en',
  values: {},
  problems: {},
  guard: { started: '1700000000000.abc' },
  scoreSaved: false,
  languageHref: (l) => `/s/tok_123456?lang=${l}`,
  ...overrides,
});

describe('escapeHtml', () => {
  it('escapes the five characters that can break out of text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml('Café – ok')).toBe('Café – ok');
    expect(escapeHtml(7)).toBe('7');
  });

  it('never leaves markup from a survey text or an organisation name in the page', () => {
    const evil = '"><script>alert(1)</script>';
    const survey = SurveyDefinition.parse({
      ...followUp,
      title: { en: `Title ${evil}` },
      questions: [{ ...followUp.questions[0], label: { en: `{org} ${evil}` } }, followUp.questions[1]],
    });
    const html = renderFormPage(formPage({ survey, orgName: evil, values: { reason: [evil] } }));
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('the form page', () => {
  it.each(LANGUAGES)('renders in %s with the page words of that language', (lang: Language) => {
    const html = renderFormPage(formPage({ lang }));
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`>${PAGE_WORDS[lang].submit}</button>`);
    expect(html).toContain(escapeHtml((followUp.title[lang] ?? followUp.title.en).replace('{org}', 'x')));
    expect(html).toContain(escapeHtml((followUp.intro?.[lang] ?? '').replace('{org}', 'Acme <Care>')));
    // Links to the other languages, each named in its own language.
    for (const other of LANGUAGES.filter((l) => l !== lang))
      expect(html).toContain(`hreflang="${other}" lang="${other}">${PAGE_WORDS[other].languageName}</a>`);
  });

  it('uses real controls: a fieldset and legend per scale, 11 labelled radios, a labelled textarea', () => {
    const html = renderFormPage(formPage());
    expect(html).toMatch(
      /<fieldset aria-describedby="d-score"><legend>How likely are you to recommend Acme &lt;Care&gt;/,
    );
    expect(html.match(/<input type="radio" id="q-score-\d+" name="q.score"/g)).toHaveLength(11);
    expect(html).toContain(
      '<label class="pt"><input type="radio" id="q-score-0" name="q.score" value="0" required>',
    );
    expect(html).toContain('<span>0 = Not at all likely</span><span>10 = Extremely likely</span>');
    expect(html).toContain(
      '<label class="ql" for="q-reason">What is the main reason for your score?</label>',
    );
    expect(html).toContain('<textarea id="q-reason" name="q.reason" maxlength="2000"');
    expect(html).toContain('(Required)');
    expect(html).toContain('min-height:2.75rem');
    expect(html).toContain(
      '<img class="logo" src="https://cdn.example.com/logo.png" alt="Acme &lt;Care&gt;">',
    );
  });

  it('shows follow-up questions to everyone without JavaScript, saying when they apply, not required', () => {
    const html = renderFormPage(formPage());
    expect(html).toContain(
      '<fieldset data-show-if="0-6"><legend>What should we fix? <span class="req">(Required)</span>',
    );
    expect(html).toContain('<span class="cond">(only if you scored 0–6)</span>');
    expect(html).toMatch(/type="checkbox" id="q-fix-0" name="q.fix" value="speed">/);
    expect(html).toContain('data-first="q.score"');
  });

  it('carries a visually hidden honeypot and the signed start time on open links only', () => {
    const html = renderFormPage(formPage());
    expect(html).toContain(
      '<div class="hp" aria-hidden="true"><label for="hp">Leave this field empty</label><input id="hp" name="website" tabindex="-1" autocomplete="off"></div>',
    );
    expect(html).toContain('name="_s" value="1700000000000.abc"');
    const invitation = renderFormPage(formPage({ guard: null }));
    expect(invitation).not.toContain('name="website"');
    expect(invitation).not.toContain('name="_s"');
  });

  it('keeps what was entered and lists problems in an alert that links to each field', () => {
    const { raw, values } = answersFromForm(followUp, {
      'q.score': ['3'],
      'q.reason': ['Slow <reply>'],
    });
    let problemIds: string[] = [];
    try {
      checkAnswers(followUp, raw);
    } catch (err) {
      if (err instanceof InvalidAnswers) problemIds = err.problems.map((p) => p.questionId);
    }
    expect(problemIds).toEqual(['fix']);
    const problems = problemsInLanguage(followUp, raw, problemIds, 'de');
    const html = renderFormPage(formPage({ lang: 'de', values, problems }));
    expect(html).toContain(
      '<div class="sum" id="errors" role="alert" tabindex="-1"><h2>Es gibt ein Problem</h2><ul><li><a href="#q-fix-0">Was sollten wir verbessern?: Bitte beantworten Sie diese Frage</a></li></ul></div>',
    );
    expect(html).toContain('<fieldset class="bad" data-show-if="0-6" aria-describedby="e-fix">');
    expect(html).toContain('<p class="msg" id="e-fix">Bitte beantworten Sie diese Frage</p>');
    expect(html).toMatch(/id="q-fix-0" name="q.fix" value="speed" aria-invalid="true">/);
    expect(html).toContain('value="3" checked required>');
    expect(html).toContain('>Slow &lt;reply&gt;</textarea>');
  });

  it('thanks the person for a saved one-click score', () => {
    expect(renderFormPage(formPage({ scoreSaved: true, lang: 'es' }))).toContain(
      '<p class="note" role="status">Gracias: su puntuación se ha guardado. ¿Quiere añadir un comentario?</p>',
    );
  });

  it('fits the page, its CSS and the script in well under 30 KB compressed', () => {
    const html = renderFormPage(formPage());
    const bytes = gzipSync(html).length + gzipSync(SURVEY_SCRIPT).length;
    expect(bytes).toBeLessThan(30 * 1024);
    // Far less in practice; this catches an accidental embedded asset.
    expect(bytes).toBeLessThan(8 * 1024);
    expect(Buffer.byteLength(SURVEY_SCRIPT)).toBeLessThanOrEqual(2048);
  });
});

describe('other pages', () => {
  it('thank-you page tells an invited customer until when the answer can change', () => {
    const html = renderThankYouPage({
      lang: 'en',
      orgName: 'Acme',
      survey: followUp,
      amendableUntil: '24 November 2026 at 10:15 CET',
      formHref: '/s/tok?lang=en',
    });
    expect(html).toContain('<p class="note" role="status">Answer saved</p>');
    expect(html).toContain(
      'You can change your answer until 24 November 2026 at 10:15 CET. <a href="/s/tok?lang=en">Change your answer</a>',
    );
  });

  it.each(['closed', 'notFound', 'answered', 'tryAgain', 'tooMany', 'error'] as const)(
    'the %s page has a heading in each language',
    (kind) => {
      for (const lang of LANGUAGES) {
        const html = renderMessagePage({ lang, orgName: '' }, kind);
        expect(html).toMatch(/<h1>[^<]+<\/h1><p>[^<]+<\/p>/);
        expect(html).toContain(`<html lang="${lang}">`);
      }
    },
  );
});

describe('helpers', () => {
  it('reads answers from a posted form: numbers for scales, lists for multiple choice', () => {
    const { raw } = answersFromForm(followUp, {
      'q.score': ['4'],
      'q.fix': ['speed', 'tone'],
      'q.reason': ['  '],
      'q.unknown': ['x'],
    });
    expect(raw).toEqual({ score: 4, fix: ['speed', 'tone'] });
    expect(answersFromForm(followUp, { 'q.score': ['ten'] }).raw).toEqual({ score: 'ten' });
  });

  it('chooses the language from Accept-Language by weight, among the offered ones', () => {
    expect(languageFromHeader('de-DE,de;q=0.9,en;q=0.8', LANGUAGES)).toBe('de');
    expect(languageFromHeader('fr-FR, es;q=0.5, en;q=0.7', LANGUAGES)).toBe('en');
    expect(languageFromHeader('fr-FR, es;q=0.5', LANGUAGES)).toBe('es');
    expect(languageFromHeader('es', ['en', 'de'])).toBe('en');
    expect(languageFromHeader(undefined, LANGUAGES)).toBe('en');
    expect(languageFromHeader(';;;q=,,', LANGUAGES)).toBe('en');
  });

  it('picks white or dark text for contrast on the brand colour', () => {
    expect(textColorOn('#1864ab')).toBe('#ffffff');
    expect(textColorOn('#ffd43b')).toBe('#111111');
    expect(textColorOn('#000000')).toBe('#ffffff');
  });

  it('signs the start time so it cannot be forged or moved to another survey', () => {
    const signed = signStarted('secret-a', 'tok1', 1_700_000_000_000);
    expect(readStarted('secret-a', 'tok1', signed)).toBe(1_700_000_000_000);
    expect(readStarted('secret-b', 'tok1', signed)).toBeNull();
    expect(readStarted('secret-a', 'tok2', signed)).toBeNull();
    expect(readStarted('secret-a', 'tok1', signed.replace('17', '16'))).toBeNull();
    expect(readStarted('secret-a', 'tok1', undefined)).toBeNull();
  });
});
